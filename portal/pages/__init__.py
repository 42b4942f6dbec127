"""Start page, help, accessibility statement, privacy, the language switch and the account page."""
