"""Workshops run by facilitators: join codes, who joined, and what the group asked, in aggregate."""
