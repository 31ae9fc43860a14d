"""The default data set's accounts and help centres: a few accounts per organization, contacts linked to them,
and a small knowledge base (categories, published and draft articles) written out by hand.

Nothing here draws from the organizations' random streams, so the generated contacts and tickets stay as they
were. Acme's story customer, Ethan Anderson, has two earlier tickets and belongs to Northwind Traders; the
article "How to reset your password" answers the typical password-reset question.
"""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]
STORY_CONTACT = "ethan.anderson@example.org"
LINK_EVERY = 5  # every fifth generated contact belongs to an account, cycling through the organization's
FIRST_LINKED = 5  # the first few contacts (the hand-written ones among them) stay without an account


def acct(name: str, website: str, phone: str, industry: str) -> Json:
    return {"accountName": name, "website": website, "phone": phone, "industry": industry}


def art(title: str, category: str, answer: str, status: str = "Published") -> Json:
    return {"title": title, "category": category, "answer": answer, "status": status}


ACME_ARTICLES = (
    art("How to reset your password", "Account access",
        "<p>If you forgot your password or the old one no longer works, reset it yourself:</p><ol>"
        "<li>Open the sign-in page and choose <b>Forgot password?</b></li>"
        "<li>Enter the e-mail address of your Acme account and submit.</li>"
        "<li>Open the password reset e-mail and follow its link within 30 minutes.</li></ol>"
        "<p>The reset e-mail never arrives? Check your spam folder, make sure you typed the address of your "
        "account, and add no-reply@acme.com to your contacts. Each new request cancels the earlier links, so "
        "use the newest one.</p>"),
    art("Set up two-factor authentication", "Account access",
        "<p>Open <b>Settings &gt; Security</b>, choose <b>Two-factor authentication</b> and scan the code with "
        "an authenticator app. If codes are rejected, check that your phone's clock is set automatically.</p>"),
    art("Update the credit card on your plan", "Billing",
        "<p>Go to <b>Billing &gt; Payment methods</b>, add the new card and mark it as default. The next invoice "
        "is charged to it; earlier invoices are not charged again.</p>"),
    art("Request a refund", "Billing",
        "<p>Refunds for annual plans are prorated. Reply to your invoice e-mail with the order number and the "
        "reason; refunds reach your card within 5-10 business days.</p>"),
    art("Fix Wi-Fi drops on Acme routers", "Routers",
        "<p>If the Wi-Fi drops every evening, move the router away from microwaves, switch the 2.4 GHz channel "
        "to 1, 6 or 11, and update the firmware.</p>"),
    art("Update your router firmware", "Routers",
        "<p>Open the router admin page, choose <b>System &gt; Firmware</b> and install the latest version. Do "
        "not switch the router off while it updates.</p>"),
    art("Acme Router X3 launch FAQ", "Routers",
        "<p>Internal draft: launch date, pricing and trade-in offers for the Acme Router X3.</p>", "Draft"),
)
GLOBEX_ARTICLES = (
    art("Track a shipment", "Deliveries",
        "<p>Every dispatched order has a tracking number in its confirmation e-mail. Enter it on the carrier's "
        "page; deliveries inside the EU take 2-5 working days.</p>"),
    art("Customs documents for deliveries outside the EU", "Deliveries",
        "<p>We send the commercial invoice and the EORI number with every shipment leaving the EU.</p>"),
    art("Schedule turbine maintenance", "Equipment",
        "<p>Book maintenance for the Globex Turbine G5 at least 10 working days ahead through your service "
        "contract page.</p>"),
    art("Service contract renewal 2026", "Equipment",
        "<p>Draft: new service contract tiers and prices.</p>", "Draft"),
)
INITECH_ARTICLES = (
    art("Connect to the lab Wi-Fi", "IT",
        "<p>Choose the network initech-lab, sign in with your badge number and accept the certificate.</p>"),
    art("Pay an invoice", "Accounts",
        "<p>Invoices can be paid by bank transfer or card; the payment reference is the invoice number.</p>"),
    art("TPS report cover sheets", "IT", "<p>Draft: the new cover sheet template.</p>", "Draft"),
)
CUSTOMERS: dict[str, tuple[tuple[Json, ...], tuple[Json, ...]]] = {
    "acmesupport": (
        (acct("Northwind Traders", "www.northwind.example", "+1 555 0100", "Retail"),
         acct("Contoso Ltd", "www.contoso.example", "+1 555 0111", "Manufacturing"),
         acct("Fabrikam Inc", "www.fabrikam.example", "+1 555 0122", "Software"),
         acct("Tailspin Toys", "www.tailspin.example", "+1 555 0133", "Retail")),
        ACME_ARTICLES,
    ),
    "globexeu": (
        (acct("Umbrella Logistik GmbH", "www.umbrella-logistik.example", "+49 30 5550 100", "Logistics"),
         acct("Stark Werken BV", "www.stark-werken.example", "+31 20 555 0100", "Energy"),
         acct("Wayne Fret SA", "www.wayne-fret.example", "+33 1 5555 0100", "Logistics")),
        GLOBEX_ARTICLES,
    ),
    "initechlabs": (
        (acct("Initrode", "www.initrode.example", "+1 555 0144", "Software"),
         acct("Penetrode", "www.penetrode.example", "+1 555 0155", "Software")),
        INITECH_ARTICLES,
    ),
}


def add_customers(org: Json) -> Json:
    """The organization with its `accounts` and `articles`, and some of its contacts linked to an account."""
    accounts, articles = CUSTOMERS.get(org["portalName"], ((), ()))
    if not accounts:
        return org
    org["accounts"] = [dict(a) for a in accounts]
    org["articles"] = [dict(a) for a in articles]
    names = [a["accountName"] for a in accounts]
    linked = org["contacts"][FIRST_LINKED::LINK_EVERY]
    for index, contact in enumerate(linked):
        contact["account"] = names[index % len(names)]
    for contact in org["contacts"]:
        if contact["email"] == STORY_CONTACT:
            contact["account"] = names[0]
    return org
