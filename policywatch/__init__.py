"""policywatch: watches government policy documents and reports, clause by clause, what changed."""

__version__ = "0.1.0"
