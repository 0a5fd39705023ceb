"""How alumni get in: invitation tokens, identity checks and the lockouts for guessed identities."""
