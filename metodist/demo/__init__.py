"""The synthetic demo data set: a deterministic generator of regions, organizations, educators and logins.

Not a Django app: no models. The commands `seed_demo` and `demo_logins` (metodist/portal) call
`seeding.seed_demo`, `seeding.clear_registry` and `users.login_table`. See docs/demo.md.
"""
