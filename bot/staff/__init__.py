"""Staff commands on any channel: shared types, the desk (role and scope), the actions."""
