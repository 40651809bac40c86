-- message.appended.v2: the token count of a message and its attachments (a JSON array), both optional; a
-- message from a v1 event has neither.
ALTER TABLE messages ADD COLUMN token_count INTEGER;
ALTER TABLE messages ADD COLUMN attachments TEXT;
