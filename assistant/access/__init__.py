"""Who is asking and what they may see and do: principals and account access, users and tokens, sign-in throttling, permissions, and the audit log."""
