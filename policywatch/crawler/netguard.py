"""The private-address guard now lives in the network library shared with the webhooks."""

from policywatch.net.guard import GuardVerdict, NetGuard, is_public_address

__all__ = ["GuardVerdict", "NetGuard", "is_public_address"]
