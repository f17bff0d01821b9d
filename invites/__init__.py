"""Invite links (Unleash: public signup tokens): a shared link people sign up with as Viewers."""
