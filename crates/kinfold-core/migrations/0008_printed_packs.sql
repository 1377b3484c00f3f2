-- Why: issue 5, leaflet packs printed by Kinfold. The sent-log now says whether Kinfold
-- printed the pack (rather than recording leaflets handed over), and how (large print, with
-- the joint-appointment invitation), so that a pack can be printed again exactly as sent.

ALTER TABLE pack_sent ADD COLUMN printed INTEGER NOT NULL DEFAULT 0 CHECK (printed IN (0, 1));
ALTER TABLE pack_sent ADD COLUMN large_print INTEGER NOT NULL DEFAULT 0 CHECK (large_print IN (0, 1));
ALTER TABLE pack_sent ADD COLUMN invitation INTEGER NOT NULL DEFAULT 0 CHECK (invitation IN (0, 1));
