CREATE SCHEMA IF NOT EXISTS "catalog";
--> statement-breakpoint
CREATE TABLE "catalog"."course_versions" (
	"course_id" text NOT NULL,
	"content_hash" text PRIMARY KEY NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog"."courses" (
	"id" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"description" text NOT NULL,
	"level" text NOT NULL,
	"tags" jsonb NOT NULL,
	"outline" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "courses_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "catalog"."items" (
	"id" text PRIMARY KEY NOT NULL,
	"course_id" text NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"minutes" integer NOT NULL,
	"body" text NOT NULL,
	"difficulty" text,
	"concepts" jsonb,
	"hints" jsonb,
	"starter" jsonb,
	"solution" jsonb,
	"tests" jsonb,
	"limits" jsonb,
	"version" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog"."items" ADD CONSTRAINT "items_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "catalog"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "items_course_idx" ON "catalog"."items" USING btree ("course_id","position");