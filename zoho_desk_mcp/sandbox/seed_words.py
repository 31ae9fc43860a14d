"""Vocabulary for the default data set: names, ticket topics per department theme, and message snippets.

Kept apart from `seed.py` so the generator stays short; everything here is plain data. Topic subjects and
details may use the placeholders {order}, {invoice}, {amount} and {product}, which the generator fills in.
"""

from __future__ import annotations

from typing import NamedTuple


class Topic(NamedTuple):
    """One kind of customer request: what the ticket is about and how the customer describes it."""

    subject: str
    classification: str | None
    category: str | None
    detail: str
    sub_category: str | None = None
    language: str = "English"


FIRST_NAMES = (
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Mia", "Lucas", "Sophia", "Mason", "Isabella", "Logan",
    "Amelia", "James", "Harper", "Elijah", "Evelyn", "Aiden", "Abigail", "Caleb", "Grace", "Owen", "Chloe",
    "Wyatt", "Zoe", "Henry", "Nora", "Julian", "Riley", "Isaac", "Layla", "Gabriel", "Aria", "Samuel",
    "Ellie", "Daniel", "Hannah", "Mateo", "Priya", "Kenji", "Fatima", "Diego", "Aisha", "Tariq", "Mei",
    "Omar",
)
LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
    "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera",
)
EU_FIRST_NAMES = (
    "Lukas", "Lea", "Finn", "Mila", "Jonas", "Clara", "Elias", "Ida", "Matteo", "Giulia", "Louis", "Camille",
    "Hugo", "Manon", "Lars", "Astrid", "Pablo", "Lucía", "Tomasz", "Zofia", "Sven", "Ingrid", "Jules", "Inès",
    "Emil", "Freja", "Nils", "Elena", "Marco", "Chiara", "Bram", "Saskia", "Theo", "Amélie",
)
EU_LAST_NAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Rossi", "Russo", "Bianchi", "Dubois", "Lefèvre",
    "Moreau", "Laurent", "García", "Fernández", "Nowak", "Kowalski", "Jansen", "de Vries", "Bakker",
    "Andersson", "Johansson", "Nielsen", "Hansen", "Novák", "Horvat", "Costa", "Silva", "O'Brien", "Murphy",
)

TOPICS: dict[str, tuple[Topic, ...]] = {
    "billing": (
        Topic("Refund for order #{order}", "Request", "Refunds",
              "I cancelled order #{order} within the trial period but was still charged {amount}.",
              "Order refund"),
        Topic("Charged twice for my subscription", "Problem", "Payments",
              "My card statement shows two identical charges of {amount} this month.", "Duplicate charge"),
        Topic("Invoice {invoice} shows the wrong VAT number", "Problem", "Invoices",
              "Our VAT number is missing from invoice {invoice}, so finance cannot book it.", "Tax details"),
        Topic("How do I update my credit card?", "Question", "Payments",
              "Our company card expires next week. Where do I change the card on file?", "Payment method"),
        Topic("Need a copy of invoice {invoice}", "Request", "Invoices",
              "Accounts payable lost the PDF. Could you resend invoice {invoice}?"),
        Topic("Payment failed but money left my account", "Problem", "Payments",
              "Checkout said the payment failed, yet my bank shows {amount} as debited.", "Failed payment"),
        Topic("Switch from monthly to annual billing", "Request", "Subscriptions",
              "We would like annual billing for the discount. What happens to this month's charge?",
              "Plan change"),
        Topic("Why did my bill go up this month?", "Question", "Subscriptions",
              "This month's invoice is {amount} and nothing changed on our side.", "Pricing"),
        Topic("Cancel my subscription and close the account", "Request", "Subscriptions",
              "We are moving away from the service. Please cancel at the end of the current period.",
              "Cancellation"),
        Topic("Promo code SPRING25 not applied", "Problem", "Payments",
              "I entered the promo code for order #{order} but was charged the full price.", "Discounts"),
        Topic("Unable to download invoices from the portal", "Problem", "Invoices",
              "The Download button on the Billing page spins forever & nothing happens."),
    ),
    "technical": (
        Topic("Unable to login to account", "Problem", "Account access",
              "I keep getting 'invalid credentials' even after resetting my password twice.", "Login"),
        Topic("{product} drops Wi-Fi every evening", "Problem", "Connectivity",
              "Every evening around 8 pm the Wi-Fi disappears for a few minutes, then comes back.", "Wi-Fi"),
        Topic("Firmware update failed on {product}", "Problem", "Firmware",
              "The update stopped at 73% and the status light is now blinking amber.", "Update"),
        Topic("Password reset e-mail never arrives", "Problem", "Account access",
              "I requested the reset link four times; nothing in my inbox or spam folder.", "Password reset"),
        Topic("How do I set up port forwarding?", "Question", "Configuration",
              "I need to open port 25565 for a game server and cannot find the option.", "Networking"),
        Topic("VPN disconnects every 10 minutes", "Problem", "Connectivity",
              "Since yesterday the VPN tunnel drops every ten minutes & has to be restarted.", "VPN"),
        Topic("{product} keeps rebooting", "Problem", "Hardware",
              "The device restarts on its own several times an hour, even with nothing connected.", "Power"),
        Topic("Two-factor codes rejected", "Problem", "Account access",
              "Codes from my authenticator app are rejected as expired; my phone clock is right.", "2FA"),
        Topic("Slow speeds on the 5 GHz band", "Problem", "Connectivity",
              "On 5 GHz I get 20 Mbps; on 2.4 GHz I get 90 Mbps. That seems backwards.", "Performance"),
        Topic("Cloud backup stuck at 99%", "Problem", "Backup",
              "The nightly backup has been stuck at 99% for three days.", "Sync"),
        Topic("Can I use {product} with my ISP modem?", "Question", "Configuration",
              "My provider gave me a combined modem. Will {product} work behind it?", "Compatibility"),
        Topic("Error 0x80070005 when restoring files", "Problem", "Backup",
              "Restoring a folder fails with error 0x80070005 (access denied).", "Restore"),
        Topic("API returns 500 when exporting reports", "Problem", "Integrations",
              "Our nightly export job gets HTTP 500 from the reports endpoint since Tuesday.", "API"),
    ),
    "sales": (
        Topic("Quote for 50 units of {product}", "Request", "Quotes",
              "We are equipping a new office and need a quote for 50 units of {product}.", "Volume"),
        Topic("Do you offer education discounts?", "Question", "Pricing",
              "We are a public school district. Is there an education discount?", "Discounts"),
        Topic("Demo request for our IT team", "Request", "Demos",
              "Our IT team would like a 30-minute demo next week. Tuesday or Thursday works."),
        Topic("Difference between {product} and the previous model", "Question", "Product info",
              "What changed compared to the previous model? Is the upgrade worth it for a small office?"),
        Topic("Reseller partnership enquiry", "Request", "Partnerships",
              "We run an IT services company and would like to resell your products."),
        Topic("Pricing for the Business Plan with 200 seats", "Question", "Pricing",
              "What would the Business Plan cost for 200 seats on an annual contract?", "Enterprise"),
        Topic("Can we get a trial extension?", "Request", "Trials",
              "Our evaluation got delayed by a holiday. Could you extend the trial by two weeks?"),
        Topic("Purchase order {order} attached", "Request", "Orders",
              "Please find our purchase order {order} attached. Net 30 terms as agreed.", "Purchase order"),
        Topic("Is {product} available in white?", "Question", "Product info",
              "Our office design team asks whether {product} comes in white."),
    ),
    "returns": (
        Topic("Return request for order #{order}", "Request", "Returns",
              "I would like to return order #{order}; it does not fit our needs.", "RMA"),
        Topic("{product} arrived damaged", "Problem", "Returns",
              "The box was crushed and the {product} casing is cracked.", "Damaged in transit"),
        Topic("Wrong item shipped in order #{order}", "Problem", "Returns",
              "I ordered {product} but received a different model in order #{order}.", "Wrong item"),
        Topic("Warranty claim: {product} stopped working", "Request", "Warranty",
              "After eight months the {product} does not power on any more."),
        Topic("Where is my replacement unit?", "Question", "Returns",
              "I sent the faulty unit back two weeks ago and heard nothing since.", "Replacement status"),
        Topic("Return label not received", "Problem", "Returns",
              "The RMA was approved but the prepaid return label never arrived.", "Shipping label"),
        Topic("Refund not received after returning order #{order}", "Problem", "Refunds",
              "Tracking shows you received my return of order #{order} ten days ago; no refund yet."),
        Topic("Missing power adapter in the box", "Problem", "Returns",
              "The {product} box had no power adapter inside.", "Missing parts"),
        Topic("Can I exchange {product} for a different model?", "Question", "Exchanges",
              "I would rather have the bigger model. Can I exchange instead of returning?"),
    ),
    "success": (
        Topic("Onboarding call for new team members", "Request", "Onboarding",
              "Five new colleagues joined; could we schedule an onboarding session?"),
        Topic("Quarterly business review scheduling", "Request", "Account review",
              "Let's set up our quarterly review. Our leadership is free in the second half of the month."),
        Topic("Best practices for rolling out {product}", "Question", "Adoption",
              "We are rolling {product} out to three sites. Any best practices or pitfalls?"),
        Topic("Renewal quote needed for next quarter", "Request", "Renewals",
              "Procurement needs the renewal quote six weeks before the contract ends."),
        Topic("Add 15 seats to our plan", "Request", "Licensing",
              "We are growing and need 15 more seats, pro-rated if possible."),
        Topic("Training materials for admins", "Question", "Training",
              "Do you have admin training videos or a certification path?"),
        Topic("Feedback on the new dashboard", "Others", "Feedback",
              "The new dashboard is faster, but the export button moved & people can't find it."),
        Topic("Our main contact is leaving; who replaces her?", "Others", "Account management",
              "Our champion leaves at the end of the month. Who will be our point of contact?"),
        Topic("Usage report for last month", "Request", "Reporting",
              "Could you send the usage report for last month for our board meeting?"),
    ),
    "logistics": (
        Topic("Shipment {order} stuck in customs", "Problem", "Customs",
              "Shipment {order} has been held at customs for six days.", "Clearance"),
        Topic("Delivery address change for order {order}", "Request", "Delivery",
              "Please deliver order {order} to our new warehouse instead."),
        Topic("Pallet arrived with broken seal", "Problem", "Damaged goods",
              "One pallet of order {order} arrived with the seal broken; contents look complete."),
        Topic("Need export documents for shipment {order}", "Request", "Documents",
              "Our forwarder needs the commercial invoice and certificate of origin for {order}."),
        Topic("Tracking number does not work", "Problem", "Tracking",
              "The tracking number for order {order} returns 'not found' on the carrier's site."),
        Topic("Can you deliver on Saturday?", "Question", "Delivery",
              "Our site is closed on weekdays during the refit. Is Saturday delivery possible?"),
        Topic("Incoterms for orders to Switzerland", "Question", "Customs",
              "Which Incoterms do you use for deliveries to Switzerland? DAP or DDP?"),
        Topic("Partial delivery of order {order}", "Problem", "Delivery",
              "Only 3 of 5 crates of order {order} arrived."),
        Topic("Lieferung {order} verspätet", "Problem", "Delivery",
              "Die Lieferung {order} sollte am Montag ankommen und ist immer noch nicht da.", None, "German"),
    ),
    "equipment": (
        Topic("{product} shows error E-214 on start-up", "Problem", "Faults",
              "Since the power cut the {product} shows E-214 and refuses to start.", "Error codes"),
        Topic("Calibration certificate for {product}", "Request", "Documentation",
              "Our auditor needs the calibration certificate for our {product}."),
        Topic("Spare parts list for {product}", "Question", "Spare parts",
              "Where can I find the current spare parts list with part numbers?"),
        Topic("Field engineer visit needed", "Request", "Field service",
              "The unit in hall 2 needs an on-site inspection; remote diagnosis did not help."),
        Topic("Sensor readings drift after 48 hours", "Problem", "Faults",
              "Readings drift by about 3% after two days of continuous operation.", "Calibration"),
        Topic("Maintenance schedule for {product}", "Question", "Maintenance",
              "How often should the {product} be serviced at 16 hours of use per day?"),
        Topic("Fehlermeldung bei {product}", "Problem", "Faults",
              "Unser {product} zeigt seit heute früh eine Fehlermeldung an.", None, "German"),
        Topic("Problème d'installation du {product}", "Problem", "Installation",
              "L'installation du {product} échoue à l'étape de configuration réseau.", None, "French"),
    ),
}

AGENT_REPLIES = (
    "Thanks for reaching out. I have checked your account and I'm looking into this now.",
    "Could you send us a screenshot of the error and the approximate time it happened?",
    "I have escalated this to our specialist team; you'll hear from us within one business day.",
    "Good news: this is fixed on our side. Could you confirm it works for you now?",
    "I'm sorry for the trouble. I have applied a credit to your account for the inconvenience.",
    "Please try the steps in our help article <a href=\"https://help.example.com/kb/1042\">KB-1042</a> and "
    "let me know the result.",
    "I need a little more information: which device and software version are you using?",
    "We have processed your request. It can take 3&ndash;5 business days to show up.",
)
CUSTOMER_FOLLOW_UPS = (
    "Thanks, but the problem is still there.",
    "Attached is the screenshot you asked for.",
    "That worked, thank you so much!",
    "Any update on this? It has been a few days.",
    "I tried the steps in the article, no luck. What else can I do?",
    "Thanks for the quick reply. The device is on the latest version.",
)
COMMENTS = (
    "Customer called in as well; same issue.",
    "Checked the logs: the error started after the last deployment.",
    "VIP account, please prioritise.",
    "Waiting for the engineering ticket to be resolved.",
    "Refund approved by finance.",
    "Asked the customer for more details by phone.",
    "Duplicate of an older ticket from the same customer, keeping this one open.",
    "Shared the workaround with the customer.",
)
RESOLUTIONS = (
    "Refund issued to the original payment method.",
    "Customer confirmed the issue is resolved after the firmware update.",
    "Sent the requested document.",
    "Replacement unit shipped.",
    "Explained the billing change; no action needed.",
    "Closed after no reply from the customer for 14 days.",
)
ATTACHMENT_NAMES = (
    "screenshot.png", "error-log.txt", "invoice.pdf", "photo_damage.jpg", "receipt.pdf", "config-backup.cfg",
    "purchase-order.pdf", "diagnostics.zip", "statement.csv",
)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
