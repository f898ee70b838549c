CREATE SCHEMA IF NOT EXISTS "enrollment";
--> statement-breakpoint
CREATE TABLE "enrollment"."enrollments" (
	"user_id" text NOT NULL,
	"course_id" text NOT NULL,
	"course_slug" text NOT NULL,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollments_user_id_course_id_pk" PRIMARY KEY("user_id","course_id")
);
