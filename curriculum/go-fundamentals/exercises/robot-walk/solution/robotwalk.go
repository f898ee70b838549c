// Package robotwalk moves a robot around a grid.
package robotwalk

import "fmt"

// Point is a position on the grid.
type Point struct {
	X, Y int
}

// Add returns p + q, component by component.
func (p Point) Add(q Point) Point {
	return Point{X: p.X + q.X, Y: p.Y + q.Y}
}

// Step returns the point one unit away from p in direction d.
func (p Point) Step(d Direction) Point {
	switch d {
	case North:
		return p.Add(Point{Y: 1})
	case East:
		return p.Add(Point{X: 1})
	case South:
		return p.Add(Point{Y: -1})
	case West:
		return p.Add(Point{X: -1})
	}
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
	return (d + 1) % 4
}

// Left returns the direction 90° counter-clockwise from d.
func (d Direction) Left() Direction {
	return (d + 3) % 4
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
func (o *Odometer) Record(n int) {
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
	return &Robot{Name: name, Facing: North}
}

// Execute runs the commands 'L', 'R' and 'F' and returns how many other
// characters it ignored.
func (r *Robot) Execute(commands string) int {
	ignored := 0
	for _, c := range commands {
		switch c {
		case 'L':
			r.Facing = r.Facing.Left()
		case 'R':
			r.Facing = r.Facing.Right()
		case 'F':
			r.Pos = r.Pos.Step(r.Facing)
			r.Record(1)
		default:
			ignored++
		}
	}
	return ignored
}

// Report describes the robot: "<name> at (<x>, <y>) facing <dir>, <n> steps".
func (r *Robot) Report() string {
	return fmt.Sprintf("%s at (%d, %d) facing %s, %d steps", r.Name, r.Pos.X, r.Pos.Y, r.Facing, r.Total())
}
