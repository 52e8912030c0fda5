"""Slack: posts through an incoming webhook, answered with the plain text ``ok``.

The webhook URL is the secret (``webhook_url_env``). ``&``, ``<`` and ``>`` are escaped as Slack
requires, so article text cannot form links or ``<!channel>`` mentions. Slack returns no message
id: the remote id is our idempotency key, ``lookup`` raises ``UnknownOutcome`` (nothing to ask)
and ``delete`` is impossible. Errors are plain-text codes: ``no_service``, ``channel_not_found``,
``channel_is_archived``, ``action_prohibited`` need a human (``AuthError``); 429 has Retry-After.

Account table: platform = "slack", webhook_url_env = "SLACK_WEBHOOK_URL" (optional: max_length).
"""

from __future__ import annotations

import httpx

from socialpub.compose.limits import Counting, PlatformLimits
from socialpub.platforms.base import Adapter, AdapterOptions, PublishRequest, PublishResult, Quota
from socialpub.platforms.errors import AuthError, PermanentError, PlatformError, UnknownOutcome
from socialpub.platforms.http import raise_for_status, secret_url, send

NEEDS_A_HUMAN = {
    "no_service",
    "channel_not_found",
    "channel_is_archived",
    "action_prohibited",
    "invalid_token",
    "team_disabled",
    "no_team",
}


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _classify(response: httpx.Response) -> PlatformError | None:
    code = response.text.strip()[:60]
    if response.status_code >= 400 and code in NEEDS_A_HUMAN:
        return AuthError(f"HTTP {response.status_code}: {code}", status=response.status_code)
    return None


class SlackOptions(AdapterOptions):
    unfurl_links: bool = True
    max_length: int = 4000  # Slack truncates at 40,000 but advises staying under 4,000


class SlackAdapter(Adapter):
    kind = "slack"
    Options = SlackOptions
    secret_names = frozenset({"webhook_url"})
    required_secrets = frozenset({"webhook_url"})
    options: SlackOptions
    # incoming webhooks: 1 message per second (api.slack.com/docs/rate-limits)
    quota = Quota(1, 1)
    secret_patterns = (r"(/services/)[\w/]+",)  # the webhook URL is the secret
    default_limits = PlatformLimits(
        platform="slack", max_length=4000, counting=Counting.CODEPOINTS, default_hashtags=0
    )

    @property
    def limits(self) -> PlatformLimits:
        return PlatformLimits(
            platform="slack",
            max_length=self.options.max_length,
            counting=Counting.CODEPOINTS,
            default_hashtags=0,
        )

    def _post(self, payload: dict[str, object], *, mutating: bool) -> httpx.Response:
        request = self.client.build_request(
            "POST",
            secret_url(self.secret("webhook_url"), "the Slack webhook URL"),
            json=payload,
            timeout=self.options.timeout_seconds,
        )
        return send(self.client, request, mutating=mutating, label="Slack webhook POST")

    def publish(self, request: PublishRequest) -> PublishResult:
        if request.media or request.reply_to:
            raise PermanentError("Slack incoming webhooks take neither uploaded images nor replies")
        response = self._post(
            {"text": escape(request.text), "unfurl_links": self.options.unfurl_links}, mutating=True
        )
        raise_for_status(response, classify=_classify, mutating=True)
        return PublishResult(
            remote_id=f"slack:{request.idempotency_key}", url=None, status=response.status_code
        )

    @property
    def can_look_up(self) -> bool:
        return False

    def lookup(self, request: PublishRequest) -> PublishResult | None:
        raise UnknownOutcome(
            "Slack webhooks keep no record we can ask: check the channel by "
            "hand before sending again"
        )

    def delete(self, remote_id: str) -> None:
        raise PermanentError("Slack incoming webhooks cannot delete what they posted")

    def verify_credentials(self) -> str:
        # An empty payload is refused before anything is posted: "no_text" or "invalid_payload"
        # prove the webhook is live; anything else names what is wrong.
        response = self._post({}, mutating=False)
        if response.status_code == 400 and response.text.strip() in ("no_text", "invalid_payload"):
            return "incoming webhook is live"
        raise_for_status(response, classify=_classify)
        raise AuthError(f"unexpected answer to a probe: HTTP {response.status_code}")
