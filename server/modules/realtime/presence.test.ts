import assert from "node:assert/strict";
import { test } from "node:test";
import { EXPIRE_MS, PresenceBook } from "./presence.ts";

const ann = { userId: "u-ann", displayName: "Ann" };
const bob = { userId: "u-bob", displayName: "Bob" };

test("a person's tabs merge into one entry with every item they show", () => {
  const book = new PresenceBook();
  const [t1, t2] = [{}, {}];
  book.set("c1", t1, ann, "lesson-1");
  book.set("c1", t2, ann, "exercise-2");
  book.set("c1", {}, bob, null);
  assert.deepEqual(book.view("c1"), [
    { userId: "u-ann", displayName: "Ann", items: ["exercise-2", "lesson-1"] },
    { userId: "u-bob", displayName: "Bob", items: [] },
  ]);
  assert.deepEqual(book.coursesOf(t1), ["c1"]);
  assert.equal(book.remove("c1", t1), true);
  assert.equal(book.remove("c1", t1), false, "already gone");
  assert.deepEqual(book.view("c1")[0]?.items, ["exercise-2"]);
  assert.deepEqual(book.view("c2"), []);
});

test("other processes' reports join the view, an empty report or silence removes them", () => {
  let now = 1_000_000;
  const book = new PresenceBook(() => now);
  book.set("c1", {}, ann, "lesson-1");
  book.receive({
    node: "other",
    courseId: "c1",
    users: [
      { ...ann, items: ["lesson-3"] },
      { ...bob, items: [] },
    ],
  });
  assert.deepEqual(
    book.view("c1").map((u) => [u.displayName, u.items]),
    [
      ["Ann", ["lesson-1", "lesson-3"]],
      ["Bob", []],
    ],
  );
  // Its own report coming back (Redis echoes) changes nothing.
  book.receive({ node: book.node, courseId: "c1", users: [] });
  assert.equal(book.view("c1").length, 2);
  now += EXPIRE_MS - 1;
  assert.deepEqual(book.expire(), []);
  now += 2;
  assert.deepEqual(book.expire(), ["c1"]);
  assert.deepEqual(
    book.view("c1").map((u) => u.displayName),
    ["Ann"],
  );
  book.receive({ node: "third", courseId: "c1", users: [{ ...bob, items: [] }] });
  book.receive({ node: "third", courseId: "c1", users: [] });
  assert.deepEqual(
    book.view("c1").map((u) => u.displayName),
    ["Ann"],
  );
});
