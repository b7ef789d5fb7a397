"""The synthetic demo data set: a deterministic generator of regions, organizations, educators and logins,
and the demo monitoring campaigns.

An app without models, so that its commands `seed_demo`, `seed_demo_monitoring` and `demo_logins` live here.
See docs/demo.md.
"""
