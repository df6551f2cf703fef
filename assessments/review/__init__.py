"""Health Innovation Network review: sharing, the review workflow, feedback and the audit log."""
