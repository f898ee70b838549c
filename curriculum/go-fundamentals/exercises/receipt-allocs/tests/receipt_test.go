package receiptallocs

import (
	"fmt"
	"strings"
	"testing"
)

func TestAppendLine(t *testing.T) {
	tests := []struct {
		name string
		line Line
		want string
	}{
		{"whole amount", Line{"flat white", 2, 350}, "flat white x2 7.00\n"},
		{"small amount", Line{"sugar", 1, 5}, "sugar x1 0.05\n"},
		{"trailing zero", Line{"scone", 3, 410}, "scone x3 12.30\n"},
		{"zero", Line{"water", 4, 0}, "water x4 0.00\n"},
		{"refund", Line{"refund", 1, -350}, "refund x1 -3.50\n"},
		{"tiny refund", Line{"refund", 1, -5}, "refund x1 -0.05\n"},
		{"large order", Line{"beans", 120, 1899}, "beans x120 2278.80\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(AppendLine(nil, tt.line))
			if got != tt.want {
				t.Errorf("AppendLine(nil, %+v) = %q, want %q", tt.line, got, tt.want)
			}
		})
	}
	t.Run("appends after existing content", func(t *testing.T) {
		got := string(AppendLine([]byte("> "), Line{"tea", 1, 250}))
		if want := "> tea x1 2.50\n"; got != want {
			t.Errorf("AppendLine([]byte(%q), tea) = %q, want %q", "> ", got, want)
		}
	})
}

func TestReceipt(t *testing.T) {
	if got, want := Receipt(nil), "TOTAL 0.00\n"; got != want {
		t.Errorf("Receipt(nil) = %q, want %q", got, want)
	}
	lines := []Line{{"tea", 2, 250}, {"refund: scone", 1, -410}}
	if got, want := Receipt(lines), "tea x2 5.00\nrefund: scone x1 -4.10\nTOTAL 0.90\n"; got != want {
		t.Errorf("Receipt(%+v) = %q, want %q", lines, got, want)
	}
	allRefunds := []Line{{"refund", 1, -60}, {"refund", 1, -45}}
	if got, want := Receipt(allRefunds), "refund x1 -0.60\nrefund x1 -0.45\nTOTAL -1.05\n"; got != want {
		t.Errorf("Receipt(%+v) = %q, want %q", allRefunds, got, want)
	}
}

func bigReceipt() []Line {
	lines := make([]Line, 50)
	for i := range lines {
		lines[i] = Line{Name: fmt.Sprintf("item number %d with a long name", i), Qty: i%7 + 1, Cents: int64(i*37 - 300)}
	}
	return lines
}

func TestAppendLineDoesNotAllocate(t *testing.T) {
	dst := make([]byte, 0, 256)
	line := Line{"flat white with oat milk", 12, -1234}
	allocs := testing.AllocsPerRun(200, func() {
		dst = AppendLine(dst[:0], line)
	})
	if allocs > 0 {
		t.Errorf("AppendLine into a slice with spare capacity made %.1f allocations per call, want 0", allocs)
	}
}

func TestReceiptAllocations(t *testing.T) {
	lines := bigReceipt()
	want := Receipt(lines)
	if !strings.HasSuffix(want, "\n") || strings.Count(want, "\n") != 51 {
		t.Fatalf("Receipt of 50 lines has %d lines, want 51", strings.Count(want, "\n"))
	}
	allocs := testing.AllocsPerRun(50, func() {
		if Receipt(lines) != want {
			t.Fatal("Receipt gave different results for the same input")
		}
	})
	if allocs > 2 {
		t.Errorf("Receipt of 50 lines made %.0f allocations per call, want at most 2", allocs)
	}
}

func BenchmarkReceipt(b *testing.B) {
	lines := bigReceipt()
	b.ReportAllocs()
	for range b.N {
		Receipt(lines)
	}
}

func ExampleReceipt() {
	fmt.Print(Receipt([]Line{
		{Name: "flat white", Qty: 2, Cents: 350},
		{Name: "croissant", Qty: 1, Cents: 275},
		{Name: "refund: cold tea", Qty: 1, Cents: -5},
	}))
	// Output:
	// flat white x2 7.00
	// croissant x1 2.75
	// refund: cold tea x1 -0.05
	// TOTAL 9.70
}

func ExampleAppendLine() {
	buf := make([]byte, 0, 64)
	buf = AppendLine(buf, Line{Name: "espresso", Qty: 3, Cents: 220})
	buf = AppendLine(buf, Line{Name: "refund", Qty: 2, Cents: -110})
	fmt.Print(string(buf))
	// Output:
	// espresso x3 6.60
	// refund x2 -2.20
}
