"""What the delivery service's actions raise, so every caller answers the same way.

    ActionError (ValueError)        a person's request cannot be done; the message says why
     ├── NotFound                   no such post, delivery or feed            → 404 / exit 1
     ├── Conflict                   it exists but its state forbids this now   → 409 / exit 1
     └── Invalid                    the request itself is wrong (a past time)  → 422 / exit 1
    PermissionDenied (permissions)  the actor may not do this                  → 403 / exit 1

``service.ComposeError`` (compose input) is answered as ``Invalid``.
"""

from __future__ import annotations


class ActionError(ValueError):
    pass


class NotFound(ActionError):
    pass


class Conflict(ActionError):
    pass


class Invalid(ActionError):
    pass


class NeedsNewTime(Conflict):
    """Approving now would post later than scheduled without a word: give a new time."""
