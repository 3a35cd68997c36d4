"""Group activities: a quiz about OPIC, and case cards judged by the eligibility rules."""
