-- What a conversation said as of a past point: the contents a message had before an edit replaced them, and
-- the offset of the event that set each content. A redaction or a forgetting deletes every version too.
ALTER TABLE messages ADD COLUMN content_offset INTEGER;
UPDATE messages SET content_offset = src_offset;

CREATE TABLE message_versions (
  tenant           TEXT    NOT NULL,
  conversation_id  TEXT    NOT NULL,
  message_id       TEXT    NOT NULL,
  content          TEXT    NOT NULL,
  content_at       INTEGER NOT NULL,
  content_event_id TEXT    NOT NULL,
  content_offset   INTEGER NOT NULL,
  src_topic        TEXT    NOT NULL,
  src_partition    INTEGER NOT NULL,
  src_offset       INTEGER NOT NULL,
  PRIMARY KEY (tenant, conversation_id, message_id, content_at, content_event_id)
) WITHOUT ROWID;
