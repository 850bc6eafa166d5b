-- Groupings of Member States loaded from a user's file (regional groups, for example): the
-- corpus holds no such list, so none is assumed.
CREATE TABLE member_groups (
  grouping TEXT NOT NULL,
  member_state TEXT NOT NULL,
  group_name TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (grouping, member_state)
);
