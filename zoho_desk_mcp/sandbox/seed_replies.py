"""The default store's e-mail templates: the same few reply templates for every department, in data-file form.

They use Zoho's placeholders (`${Cases.Subject}`, `${Cases.Contact Name}`, `${Contacts.First Name}`, ...), which
`POST /templates/{id}/render` fills for a ticket. No randomness: adding them leaves every generated record as it
was. Reply addresses are not listed: each department gets the loader's default address.
"""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]

TEMPLATES = (
    (
        "Acknowledgement",
        "Re: ${Cases.Subject}",
        "<p>Dear ${Cases.Contact Name},</p>"
        "<p>Thank you for contacting {department}. We have received your request #${Cases.Request Id} "
        "(&ldquo;${Cases.Subject}&rdquo;) and will get back to you shortly.</p>"
        "<p>Regards,<br>${Organization.Organization Name}</p>",
    ),
    (
        "Request more information",
        "More information needed: ${Cases.Subject}",
        "<p>Hi ${Contacts.First Name},</p>"
        "<p>To look into &ldquo;${Cases.Subject}&rdquo; we need a few more details: when did it start, and what "
        "have you tried so far? Just reply to this e-mail.</p>"
        "<p>Regards,<br>{department}, ${Organization.Organization Name}</p>",
    ),
    (
        "Resolved",
        "Resolved: ${Cases.Subject}",
        "<p>Hi ${Contacts.First Name},</p>"
        "<p>We believe your request #${Cases.Request Id} is resolved. If anything is still not right, reply to "
        "this e-mail at ${Contacts.Email} and we will reopen it.</p>"
        "<p>Regards,<br>{department}, ${Organization.Organization Name}</p>",
    ),
)


def with_templates(data: Json) -> Json:
    """The default data set with every department's templates added (the sandbox's default store loads this)."""
    for org in data["organizations"]:
        org["templates"] = templates([d["name"] for d in org["departments"]])
    return data


def templates(departments: list[str]) -> list[Json]:
    """Every template for every department, in the data-file format (`name`, `department`, `subject`, `body`)."""
    return [
        {"name": name, "department": department, "subject": subject, "body": body.replace("{department}", department)}
        for department in departments
        for name, subject, body in TEMPLATES
    ]
