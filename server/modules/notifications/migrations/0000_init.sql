CREATE SCHEMA IF NOT EXISTS "notifications";
--> statement-breakpoint
CREATE TABLE "notifications"."activity_days" (
	"user_id" text NOT NULL,
	"day" text NOT NULL,
	"lessons_completed" integer DEFAULT 0 NOT NULL,
	"exercises_passed" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"courses_completed" integer DEFAULT 0 NOT NULL,
	"achievements_unlocked" integer DEFAULT 0 NOT NULL,
	"mentions" integer DEFAULT 0 NOT NULL,
	"best_streak" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "activity_days_user_id_day_pk" PRIMARY KEY("user_id","day")
);
--> statement-breakpoint
CREATE TABLE "notifications"."digest_schedule" (
	"id" integer PRIMARY KEY NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notifications"."inbox" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "inbox_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
CREATE TABLE "notifications"."mail" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"user_id" text,
	"notification_id" text,
	"kind" text NOT NULL,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"html" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "mail_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
CREATE TABLE "notifications"."preferences" (
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"enabled" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "preferences_user_id_kind_channel_pk" PRIMARY KEY("user_id","kind","channel")
);
--> statement-breakpoint
CREATE INDEX "activity_days_day_idx" ON "notifications"."activity_days" USING btree ("day");--> statement-breakpoint
CREATE INDEX "inbox_user_seq_idx" ON "notifications"."inbox" USING btree ("user_id","seq");--> statement-breakpoint
CREATE INDEX "inbox_unread_idx" ON "notifications"."inbox" USING btree ("user_id") WHERE "notifications"."inbox"."read_at" is null;--> statement-breakpoint
CREATE INDEX "inbox_created_idx" ON "notifications"."inbox" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "mail_due_idx" ON "notifications"."mail" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "mail_to_idx" ON "notifications"."mail" USING btree ("to","seq");