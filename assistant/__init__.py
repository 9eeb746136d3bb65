"""handoff: cited handoff notes, gap reports, Q&A and reviewed customer emails for account transitions."""

__version__ = "0.1.0"
