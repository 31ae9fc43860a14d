"""`python -m zoho_desk_mcp`: the same program as the `zoho-desk-mcp` command."""

import sys

from .cli import main

sys.exit(main())
