package slugtable

import "testing"

func TestSlugify(t *testing.T) {
	tests := []struct {
		name  string
		title string
		want  string
	}{
		{"punctuation and spaces", "Hello, World!", "hello-world"},
		{"accented letters are kept", "Café au lait", "café-au-lait"},
		{"runs of separators become one hyphen", "  Go 1.22 -- Released  ", "go-1-22-released"},
		{"other scripts", "Ελληνικά κείμενα", "ελληνικά-κείμενα"},
		{"already a slug", "already-a-slug", "already-a-slug"},
		{"digits only", "2024", "2024"},
		{"symbols between words", "Tom & Jerry's #1 show", "tom-jerry-s-1-show"},
		{"nothing to keep", "!!!", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Slugify(tt.title); got != tt.want {
				t.Errorf("Slugify(%q) = %q, want %q", tt.title, got, tt.want)
			}
		})
	}
}

func TestTable(t *testing.T) {
	tests := []struct {
		name string
		rows [][]string
		want string
	}{
		{
			name: "pads by characters, not bytes",
			rows: [][]string{{"name", "city"}, {"Zoë", "Zürich"}, {"Bartholomew", "Oslo"}},
			want: "name        | city\n" +
				"Zoë         | Zürich\n" +
				"Bartholomew | Oslo\n",
		},
		{
			name: "three columns, the last one unpadded",
			rows: [][]string{{"a", "bb", "c"}, {"ddd", "e", "ffff"}},
			want: "a   | bb | c\n" +
				"ddd | e  | ffff\n",
		},
		{
			name: "wide characters",
			rows: [][]string{{"日本", "x"}, {"a", "y"}},
			want: "日本 | x\n" +
				"a  | y\n",
		},
		{
			name: "empty cells",
			rows: [][]string{{"", "b"}, {"aa", ""}},
			want: "   | b\n" +
				"aa | \n",
		},
		{name: "one cell per row", rows: [][]string{{"only"}, {"x"}}, want: "only\nx\n"},
		{name: "no rows", rows: nil, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Table(tt.rows); got != tt.want {
				t.Errorf("Table(%q) =\n%s\nwant\n%s\n(quoted: got %q, want %q)", tt.rows, got, tt.want, got, tt.want)
			}
		})
	}
}
