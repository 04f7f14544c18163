"""What the data protection officer and the auditor read: the register of processing (personal data
published, or removed on reading, and why) and the recorded approvals."""
