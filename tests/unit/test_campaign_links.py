from __future__ import annotations

import httpx
import pytest

from socialpub.platforms.base import AccountContext
from socialpub.platforms.campaign import CampaignTemplateError, campaign_link
from socialpub.platforms.errors import PermanentError
from socialpub.platforms.mastodon import MastodonAdapter

TEMPLATE = {"source": "{platform}", "medium": "social", "campaign": "{campaign}"}


def test_parameters_are_added_once_and_never_over_someone_elses() -> None:
    url = "https://news.example/clinic?id=7#top"
    tagged = campaign_link(url, TEMPLATE, campaign="night clinic", platform="mastodon")
    assert tagged == (
        "https://news.example/clinic?id=7&utm_source=mastodon&utm_medium=social"
        "&utm_campaign=night%20clinic#top"
    )
    assert campaign_link(tagged, TEMPLATE, campaign="other", platform="x") == tagged  # not twice
    chosen = "https://news.example/a?utm_source=newsletter"
    assert campaign_link(chosen, TEMPLATE, campaign="c") == chosen
    assert campaign_link("mailto:desk@news.example", TEMPLATE) == "mailto:desk@news.example"
    assert campaign_link(url, None) == url
    no_campaign = campaign_link("https://n.example/", TEMPLATE, platform="x")
    assert no_campaign == "https://n.example/?utm_source=x&utm_medium=social"


def test_a_bad_template_is_a_clear_error() -> None:
    with pytest.raises(CampaignTemplateError, match="unknown key 'sauce'"):
        campaign_link("https://n.example/", {"sauce": "x"})
    with pytest.raises(CampaignTemplateError, match="unknown key"):
        campaign_link("https://n.example/", {"utm_nope": "x"})


def test_the_template_is_an_account_option() -> None:
    with httpx.Client() as client:
        context = AccountContext(
            "m", "mastodon", {"base_url": "https://m.example", "utm": TEMPLATE}, {"token": "t"}
        )
        adapter = MastodonAdapter(context, client)
        assert adapter.options.utm == TEMPLATE
        bad = AccountContext("m", "mastodon", {"base_url": "https://m.example", "utm": "x"})
        with pytest.raises(PermanentError, match="utm"):
            MastodonAdapter(bad, client)
