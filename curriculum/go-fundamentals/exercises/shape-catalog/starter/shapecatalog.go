// Package shapecatalog measures shapes through a small interface.
package shapecatalog

// Shape is anything with an area and a perimeter.
type Shape interface {
	Area() float64
	Perimeter() float64
}

// Circle is a circle of radius R.
type Circle struct {
	R float64
}

// Rect is a W by H rectangle.
type Rect struct {
	W, H float64
}

// Triangle is a triangle with sides A, B and C.
type Triangle struct {
	A, B, C float64
}

// TODO: give Circle, Rect and Triangle the methods Area, Perimeter and String.
// When they are done, uncomment these lines: they fail to compile if a type
// does not satisfy Shape.
//
// var (
// 	_ Shape = Circle{}
// 	_ Shape = Rect{}
// 	_ Shape = Triangle{}
// )

// Largest returns the shape with the largest area (the first one on a tie)
// and true, or nil and false for no shapes.
func Largest(shapes []Shape) (Shape, bool) {
	// TODO
	return nil, false
}

// Describe returns "<shape>: area <a>, perimeter <p>" with two decimals.
func Describe(s Shape) string {
	// TODO
	return ""
}
