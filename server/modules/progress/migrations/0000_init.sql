CREATE SCHEMA IF NOT EXISTS "progress";
--> statement-breakpoint
CREATE TABLE "progress"."achievements" (
	"user_id" text NOT NULL,
	"code" text NOT NULL,
	"unlocked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "achievements_user_id_code_pk" PRIMARY KEY("user_id","code")
);
--> statement-breakpoint
CREATE TABLE "progress"."attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"exercise_id" text NOT NULL,
	"course_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"passed" boolean NOT NULL,
	"status" text NOT NULL,
	"tests_passed" integer NOT NULL,
	"tests_total" integer NOT NULL,
	"verdict" jsonb NOT NULL,
	"files" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "progress"."completions" (
	"user_id" text NOT NULL,
	"item_id" text NOT NULL,
	"course_id" text NOT NULL,
	"kind" text NOT NULL,
	"completed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "completions_user_id_item_id_pk" PRIMARY KEY("user_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "progress"."course_completions" (
	"user_id" text NOT NULL,
	"course_id" text NOT NULL,
	"completed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_completions_user_id_course_id_pk" PRIMARY KEY("user_id","course_id")
);
--> statement-breakpoint
CREATE TABLE "progress"."drafts" (
	"user_id" text NOT NULL,
	"exercise_id" text NOT NULL,
	"files" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drafts_user_id_exercise_id_pk" PRIMARY KEY("user_id","exercise_id")
);
--> statement-breakpoint
CREATE TABLE "progress"."hints_revealed" (
	"user_id" text NOT NULL,
	"exercise_id" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "hints_revealed_user_id_exercise_id_pk" PRIMARY KEY("user_id","exercise_id")
);
--> statement-breakpoint
CREATE TABLE "progress"."streaks" (
	"user_id" text PRIMARY KEY NOT NULL,
	"current" integer NOT NULL,
	"longest" integer NOT NULL,
	"last_active_day" text
);
--> statement-breakpoint
CREATE INDEX "attempts_user_exercise_idx" ON "progress"."attempts" USING btree ("user_id","exercise_id","created_at");--> statement-breakpoint
CREATE INDEX "completions_course_idx" ON "progress"."completions" USING btree ("user_id","course_id");