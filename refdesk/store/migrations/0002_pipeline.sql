-- refdesk book format 2: the referral pipeline, frozen. Never edit: add a new migration.
-- A contact with referrals is archived rather than deleted, so the referrals keep their history.
ALTER TABLE "contact" ADD COLUMN "archived" INTEGER NOT NULL DEFAULT 0;
-- How a follow-up was done: card, call, email, gift, in_person ('' while open or unknown).
ALTER TABLE "follow_up" ADD COLUMN "done_how" VARCHAR(255) NOT NULL DEFAULT '';
-- Referrals the rep gave to a customer's business (method section 2), apart from those received.
CREATE TABLE "given_referral" ("id" INTEGER NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "referred_id" INTEGER, "referred_name" VARCHAR(255) NOT NULL, "given_on" DATE NOT NULL, "note" TEXT NOT NULL, "touchpoint_id" INTEGER, FOREIGN KEY ("customer_id") REFERENCES "contact" ("id") ON DELETE CASCADE, FOREIGN KEY ("referred_id") REFERENCES "contact" ("id") ON DELETE SET NULL, FOREIGN KEY ("touchpoint_id") REFERENCES "touchpoint" ("id") ON DELETE SET NULL);
CREATE INDEX "given_referral_customer_id" ON "given_referral" ("customer_id");
CREATE INDEX "given_referral_referred_id" ON "given_referral" ("referred_id");
CREATE INDEX "given_referral_touchpoint_id" ON "given_referral" ("touchpoint_id");
