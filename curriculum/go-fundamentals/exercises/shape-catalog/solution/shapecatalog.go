// Package shapecatalog measures shapes through a small interface.
package shapecatalog

import (
	"fmt"
	"math"
)

// Shape is anything with an area and a perimeter.
type Shape interface {
	Area() float64
	Perimeter() float64
}

// Circle is a circle of radius R.
type Circle struct {
	R float64
}

// Area returns π·R².
func (c Circle) Area() float64 { return math.Pi * c.R * c.R }

// Perimeter returns 2·π·R.
func (c Circle) Perimeter() float64 { return 2 * math.Pi * c.R }

func (c Circle) String() string { return fmt.Sprintf("circle(r=%g)", c.R) }

// Rect is a W by H rectangle.
type Rect struct {
	W, H float64
}

// Area returns W·H.
func (r Rect) Area() float64 { return r.W * r.H }

// Perimeter returns 2·(W+H).
func (r Rect) Perimeter() float64 { return 2 * (r.W + r.H) }

func (r Rect) String() string { return fmt.Sprintf("rect(%gx%g)", r.W, r.H) }

// Triangle is a triangle with sides A, B and C.
type Triangle struct {
	A, B, C float64
}

// Area uses Heron's formula.
func (t Triangle) Area() float64 {
	s := (t.A + t.B + t.C) / 2
	return math.Sqrt(s * (s - t.A) * (s - t.B) * (s - t.C))
}

// Perimeter returns A+B+C.
func (t Triangle) Perimeter() float64 { return t.A + t.B + t.C }

func (t Triangle) String() string { return fmt.Sprintf("triangle(%g, %g, %g)", t.A, t.B, t.C) }

var (
	_ Shape = Circle{}
	_ Shape = Rect{}
	_ Shape = Triangle{}
)

// Largest returns the shape with the largest area (the first one on a tie)
// and true, or nil and false for no shapes.
func Largest(shapes []Shape) (Shape, bool) {
	if len(shapes) == 0 {
		return nil, false
	}
	best := shapes[0]
	for _, s := range shapes[1:] {
		if s.Area() > best.Area() {
			best = s
		}
	}
	return best, true
}

// Describe returns "<shape>: area <a>, perimeter <p>" with two decimals.
func Describe(s Shape) string {
	return fmt.Sprintf("%v: area %.2f, perimeter %.2f", s, s.Area(), s.Perimeter())
}
