-- Pinyin-initials prefix matches are a ranked candidate source of name search (see searchByName).
CREATE INDEX subjects_initials_idx ON subjects (pinyin_initials text_pattern_ops);
