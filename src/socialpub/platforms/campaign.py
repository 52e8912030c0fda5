"""Campaign links: ``utm_*`` parameters added to a post's link, per account and campaign.

An account table may carry a template, e.g.::

    [accounts.hospital-mastodon]
    utm = { source = "mastodon", medium = "social", campaign = "{campaign}" }

``campaign_link(url, template, campaign=..., account=..., platform=...)`` fills ``{campaign}``,
``{account}`` and ``{platform}`` and appends the parameters. It never adds them twice and never
touches a link that already carries any ``utm_*`` parameter (someone chose those), keeps the
rest of the query and the fragment as they are, and leaves non-http(s) links alone. Compose calls
it for each account's delivery before the text is fitted, so the counted link is the sent one.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

KEYS = ("source", "medium", "campaign", "term", "content", "id")


class CampaignTemplateError(ValueError):
    pass


def check_template(template: Mapping[str, str]) -> dict[str, str]:
    """The template with its keys checked (``source`` or ``utm_source`` both accepted)."""
    checked = {}
    for key, value in template.items():
        name = key.removeprefix("utm_")
        if name not in KEYS:
            raise CampaignTemplateError(f"utm: unknown key {key!r} (known: {', '.join(KEYS)})")
        checked[name] = str(value)
    return checked


def campaign_link(
    url: str,
    template: Mapping[str, str] | None,
    *,
    campaign: str = "",
    account: str = "",
    platform: str = "",
) -> str:
    """``url`` with the template's ``utm_*`` parameters, unless it has some already."""
    if not template:
        return url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return url
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(key.lower().startswith("utm_") for key, _ in query):
        return url
    values = {"campaign": campaign, "account": account, "platform": platform}
    added = []
    for name, raw in check_template(template).items():
        value = raw.format_map(values).strip()
        if value:  # an empty campaign leaves utm_campaign out rather than blank
            added.append(f"utm_{name}={quote(value, safe='')}")
    if not added:
        return url
    joined = "&".join(filter(None, [parts.query, *added]))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, joined, parts.fragment))


def account_link(
    url: str | None,
    options: Mapping[str, object],
    platform: str,
    *,
    account: str,
    campaign: str = "",
) -> str | None:
    """The link as ``account`` sends it: with its configured ``utm`` template applied (an
    account table without one, or a template that is no table, leaves the link as it is; the
    adapter refuses such a table with the reason when it is built)."""
    template = options.get("utm")
    if not url or not isinstance(template, Mapping):
        return url
    try:
        return campaign_link(
            url,
            {str(k): str(v) for k, v in template.items()},
            campaign=campaign,
            account=account,
            platform=platform,
        )
    except CampaignTemplateError:
        return url
