"""The lab's studies, one module each. A module here that sets `STUDY` to a har.lab.core.Study subclass is a
study: har.lab.registry finds it, and the Lab page, `har lab <name>` and the discussion show it."""
