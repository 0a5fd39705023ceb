"""Staff members, their scope and the chats they are reached in."""
