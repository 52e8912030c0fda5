"""People who sign in to the web app: users, passwords, sign-in sessions and their limits.

``models`` holds the tables, ``passwords`` the argon2 hashing, ``service`` what an admin or the
CLI does to people (add, change role, disable, reset a password), ``signin`` the sign-in rules
(failed-attempt lock-out, sessions that end server-side).
"""
