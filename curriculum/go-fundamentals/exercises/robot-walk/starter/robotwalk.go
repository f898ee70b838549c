// Package robotwalk moves a robot around a grid.
package robotwalk

import "fmt"

// Point is a position on the grid.
type Point struct {
	X, Y int
}

// Add returns p + q, component by component.
func (p Point) Add(q Point) Point {
	// TODO
	return Point{}
}

// Step returns the point one unit away from p in direction d.
func (p Point) Step(d Direction) Point {
	// TODO
	return p
}

// Direction is a compass direction.
type Direction int

// The four directions, clockwise.
const (
	North Direction = iota
	East
	South
	West
)

// Right returns the direction 90° clockwise from d.
func (d Direction) Right() Direction {
	// TODO
	return d
}

// Left returns the direction 90° counter-clockwise from d.
func (d Direction) Left() Direction {
	// TODO
	return d
}

// String returns "N", "E", "S" or "W".
func (d Direction) String() string {
	if d < North || d > West {
		return fmt.Sprintf("Direction(%d)", int(d))
	}
	return [...]string{"N", "E", "S", "W"}[d]
}

// Odometer counts the distance travelled. The zero value reads 0.
type Odometer struct {
	distance int
}

// Record adds n to the distance travelled.
//
// TODO: calling Record has no effect on Total. Why? Fix it.
func (o Odometer) Record(n int) {
	o.distance += n
}

// Total returns the distance travelled.
func (o Odometer) Total() int {
	return o.distance
}

// Robot walks the grid, following commands.
type Robot struct {
	Name   string
	Pos    Point
	Facing Direction
	Odometer
}

// NewRobot returns a robot at (0, 0) facing North.
func NewRobot(name string) *Robot {
	// TODO
	return &Robot{}
}

// Execute runs the commands 'L', 'R' and 'F' and returns how many other
// characters it ignored.
func (r *Robot) Execute(commands string) int {
	// TODO
	return 0
}

// Report describes the robot: "<name> at (<x>, <y>) facing <dir>, <n> steps".
func (r *Robot) Report() string {
	// TODO
	return ""
}
