CREATE SCHEMA IF NOT EXISTS "sessions";
--> statement-breakpoint
CREATE TABLE "sessions"."messages" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"user_id" text NOT NULL,
	"author_name" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions"."participants" (
	"session_id" text NOT NULL,
	"user_id" text NOT NULL,
	"display_name" text NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	CONSTRAINT "participants_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "sessions"."sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"exercise_id" text NOT NULL,
	"course_id" text NOT NULL,
	"host_id" text NOT NULL,
	"host_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"doc" "bytea" NOT NULL,
	"doc_updated_at" timestamp with time zone NOT NULL,
	"last_run" jsonb
);
--> statement-breakpoint
CREATE INDEX "session_messages_idx" ON "sessions"."messages" USING btree ("session_id","created_at","id");--> statement-breakpoint
CREATE INDEX "participants_user_idx" ON "sessions"."participants" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_host_idx" ON "sessions"."sessions" USING btree ("host_id","created_at");