package shapecatalog

import (
	"fmt"
	"math"
	"testing"
)

// measure uses the Shape interface only if v satisfies it, so that this file
// compiles before the shapes have their methods.
func measure(v any) (area, perimeter float64, ok bool) {
	s, ok := v.(Shape)
	if !ok {
		return 0, 0, false
	}
	return s.Area(), s.Perimeter(), true
}

func TestShapesSatisfyShape(t *testing.T) {
	for _, v := range []any{Circle{R: 1}, Rect{W: 1, H: 1}, Triangle{A: 3, B: 4, C: 5}} {
		if _, ok := v.(Shape); !ok {
			t.Errorf("%T does not satisfy Shape: it needs Area() float64 and Perimeter() float64", v)
		}
		if _, ok := v.(fmt.Stringer); !ok {
			t.Errorf("%T does not satisfy fmt.Stringer: it needs String() string", v)
		}
	}
}

func TestMeasurements(t *testing.T) {
	tests := []struct {
		shape           any
		area, perimeter float64
	}{
		{Circle{R: 1}, math.Pi, 2 * math.Pi},
		{Circle{R: 2}, 4 * math.Pi, 4 * math.Pi},
		{Rect{W: 3, H: 4}, 12, 14},
		{Rect{W: 2.5, H: 2}, 5, 9},
		{Triangle{A: 3, B: 4, C: 5}, 6, 12},
		{Triangle{A: 2, B: 2, C: 2}, math.Sqrt(3), 6},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%T%+v", tt.shape, tt.shape), func(t *testing.T) {
			area, perimeter, ok := measure(tt.shape)
			if !ok {
				t.Fatalf("%T does not satisfy Shape yet", tt.shape)
			}
			if math.Abs(area-tt.area) > 1e-9 {
				t.Errorf("%T%+v.Area() = %v, want %v", tt.shape, tt.shape, area, tt.area)
			}
			if math.Abs(perimeter-tt.perimeter) > 1e-9 {
				t.Errorf("%T%+v.Perimeter() = %v, want %v", tt.shape, tt.shape, perimeter, tt.perimeter)
			}
		})
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		shape any
		want  string
	}{
		{Circle{R: 2}, "circle(r=2)"},
		{Circle{R: 0.5}, "circle(r=0.5)"},
		{Rect{W: 3, H: 4}, "rect(3x4)"},
		{Rect{W: 2.5, H: 10}, "rect(2.5x10)"},
		{Triangle{A: 3, B: 4, C: 5}, "triangle(3, 4, 5)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			s, ok := tt.shape.(fmt.Stringer)
			if !ok {
				t.Fatalf("%T has no String method yet", tt.shape)
			}
			if got := s.String(); got != tt.want {
				t.Errorf("%T%+v.String() = %q, want %q", tt.shape, tt.shape, got, tt.want)
			}
			if got := fmt.Sprint(tt.shape); got != tt.want {
				t.Errorf("fmt.Sprint(%T%+v) = %q, want %q", tt.shape, tt.shape, got, tt.want)
			}
		})
	}
}

// blob is a Shape defined by the tests: Largest and Describe must work with
// any Shape, not only the three in the package.
type blob struct {
	name string
	area float64
}

func (b blob) Area() float64      { return b.area }
func (b blob) Perimeter() float64 { return 2 * b.area }
func (b blob) String() string     { return b.name }

func TestLargest(t *testing.T) {
	tests := []struct {
		name   string
		shapes []Shape
		want   string
		wantOK bool
	}{
		{"picks the largest area", []Shape{blob{"small", 1}, blob{"big", 9}, blob{"medium", 4}}, "big", true},
		{"largest first", []Shape{blob{"big", 9}, blob{"small", 1}}, "big", true},
		{"first one wins a tie", []Shape{blob{"a", 3}, blob{"b", 5}, blob{"c", 5}}, "b", true},
		{"a single shape", []Shape{blob{"only", 0}}, "only", true},
		{"no shapes", nil, "<nil>", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Largest(tt.shapes)
			if fmt.Sprint(got) != tt.want || ok != tt.wantOK {
				t.Errorf("Largest(%v) = %v, %v; want %s, %v", tt.shapes, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestLargestWithPackageShapes(t *testing.T) {
	var shapes []Shape
	for _, v := range []any{Rect{W: 3, H: 4}, Circle{R: 2}, Triangle{A: 3, B: 4, C: 5}} {
		s, ok := v.(Shape)
		if !ok {
			t.Fatalf("%T does not satisfy Shape yet", v)
		}
		shapes = append(shapes, s)
	}
	got, ok := Largest(shapes)
	if want := "circle(r=2)"; !ok || fmt.Sprint(got) != want {
		t.Errorf("Largest([rect(3x4) circle(r=2) triangle(3, 4, 5)]) = %v, %v; want %s, true", got, ok, want)
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		shape any
		want  string
	}{
		{Rect{W: 3, H: 4}, "rect(3x4): area 12.00, perimeter 14.00"},
		{Circle{R: 1}, "circle(r=1): area 3.14, perimeter 6.28"},
		{Triangle{A: 3, B: 4, C: 5}, "triangle(3, 4, 5): area 6.00, perimeter 12.00"},
		{blob{"amoeba", 2.5}, "amoeba: area 2.50, perimeter 5.00"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			s, ok := tt.shape.(Shape)
			if !ok {
				t.Fatalf("%T does not satisfy Shape yet", tt.shape)
			}
			if got := Describe(s); got != tt.want {
				t.Errorf("Describe(%T%+v) = %q, want %q", tt.shape, tt.shape, got, tt.want)
			}
		})
	}
}
