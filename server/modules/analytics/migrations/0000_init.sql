CREATE SCHEMA IF NOT EXISTS "analytics";
--> statement-breakpoint
CREATE TABLE "analytics"."series" (
	"scope" text NOT NULL,
	"resolution" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"learners" "bytea" NOT NULL,
	"unique_learners" integer NOT NULL,
	"lesson_views" integer DEFAULT 0 NOT NULL,
	"lesson_completions" integer DEFAULT 0 NOT NULL,
	"exercises_started" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"passed_attempts" integer DEFAULT 0 NOT NULL,
	"passes" integer DEFAULT 0 NOT NULL,
	"hints_revealed" integer DEFAULT 0 NOT NULL,
	"custom_events" integer DEFAULT 0 NOT NULL,
	"events" integer DEFAULT 0 NOT NULL,
	"latency" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "series_scope_resolution_window_start_pk" PRIMARY KEY("scope","resolution","window_start")
);
--> statement-breakpoint
CREATE TABLE "analytics"."streams" (
	"stream" text PRIMARY KEY NOT NULL,
	"watermark" bigint,
	"max_event_time" bigint,
	"dropped_late" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "series_open_idx" ON "analytics"."series" USING btree ("window_end") WHERE "analytics"."series"."revision" = 0;--> statement-breakpoint
CREATE INDEX "series_resolution_start_idx" ON "analytics"."series" USING btree ("resolution","window_start");