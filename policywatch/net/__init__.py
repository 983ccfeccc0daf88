"""Network library shared by the crawler and the webhooks: the private-address guard, sessions
pinned to the addresses it approved (no DNS rebinding), and total request deadlines."""

from policywatch.net.guard import GuardVerdict, NetGuard, is_public_address
from policywatch.net.transport import (
           Deadline,
           DeadlineExceeded,
           current_deadline,
           pinned_adapter,
           pinned_session,
)

__all__ = ["Deadline", "DeadlineExceeded", "GuardVerdict", "NetGuard", "current_deadline", "is_public_address",
           "pinned_adapter", "pinned_session"]
