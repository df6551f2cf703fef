"""The evidence locker: the documents a founder's answers claim (a DCB0129 safety case, a Cyber Essentials
certificate...), attached to the assessment, checked by content, kept in private storage and downloaded only
through a permission-checked view."""
