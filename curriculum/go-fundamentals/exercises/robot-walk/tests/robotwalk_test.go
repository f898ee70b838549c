package robotwalk

import (
	"fmt"
	"testing"
)

func TestPointAdd(t *testing.T) {
	tests := []struct {
		p, q, want Point
	}{
		{Point{1, 2}, Point{3, 4}, Point{4, 6}},
		{Point{1, 2}, Point{-1, -2}, Point{0, 0}},
		{Point{}, Point{-5, 7}, Point{-5, 7}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v+%v", tt.p, tt.q), func(t *testing.T) {
			p := tt.p
			if got := p.Add(tt.q); got != tt.want {
				t.Errorf("%+v.Add(%+v) = %+v, want %+v", tt.p, tt.q, got, tt.want)
			}
			if p != tt.p {
				t.Errorf("Add changed the point it was called on to %+v", p)
			}
		})
	}
}

func TestPointStep(t *testing.T) {
	start := Point{X: 3, Y: -2}
	tests := []struct {
		d    Direction
		want Point
	}{
		{North, Point{3, -1}},
		{East, Point{4, -2}},
		{South, Point{3, -3}},
		{West, Point{2, -2}},
	}
	for _, tt := range tests {
		t.Run(tt.d.String(), func(t *testing.T) {
			if got := start.Step(tt.d); got != tt.want {
				t.Errorf("%+v.Step(%v) = %+v, want %+v", start, tt.d, got, tt.want)
			}
		})
	}
}

func TestDirectionTurns(t *testing.T) {
	tests := []struct {
		d           Direction
		right, left Direction
	}{
		{North, East, West},
		{East, South, North},
		{South, West, East},
		{West, North, South},
	}
	for _, tt := range tests {
		t.Run(tt.d.String(), func(t *testing.T) {
			if got := tt.d.Right(); got != tt.right {
				t.Errorf("%v.Right() = %v, want %v", tt.d, got, tt.right)
			}
			if got := tt.d.Left(); got != tt.left {
				t.Errorf("%v.Left() = %v, want %v", tt.d, got, tt.left)
			}
		})
	}
}

func TestOdometerRecords(t *testing.T) {
	var o Odometer
	if got := o.Total(); got != 0 {
		t.Fatalf("a new Odometer's Total() = %d, want 0", got)
	}
	o.Record(3)
	o.Record(4)
	if got := o.Total(); got != 7 {
		t.Errorf("after Record(3) and Record(4), Total() = %d, want 7 (does Record change the odometer, or a copy of it?)", got)
	}
}

func TestNewRobot(t *testing.T) {
	r := NewRobot("Rover")
	if r == nil {
		t.Fatal("NewRobot returned nil")
	}
	if r.Name != "Rover" || r.Pos != (Point{}) || r.Facing != North || r.Total() != 0 {
		t.Errorf(`NewRobot("Rover") = %+v, want Name "Rover" at (0, 0) facing N with 0 steps`, *r)
	}
}

func TestExecute(t *testing.T) {
	tests := []struct {
		name        string
		commands    string
		wantPos     Point
		wantFacing  Direction
		wantSteps   int
		wantIgnored int
	}{
		{"forward goes north", "FF", Point{0, 2}, North, 2, 0},
		{"turn right then forward goes east", "RF", Point{1, 0}, East, 1, 0},
		{"turn left then forward goes west", "LFFF", Point{-3, 0}, West, 3, 0},
		{"turning does not move", "RRRR", Point{0, 0}, North, 0, 0},
		{"a square returns home", "FRFRFRFR", Point{0, 0}, North, 4, 0},
		{"unknown commands are ignored and counted", "FFRFF?L", Point{2, 2}, North, 4, 1},
		{"lower case is not a command", "ffx", Point{0, 0}, North, 0, 3},
		{"no commands", "", Point{0, 0}, North, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewRobot("Rover")
			if r == nil {
				t.Fatal("NewRobot returned nil")
			}
			ignored := r.Execute(tt.commands)
			if ignored != tt.wantIgnored {
				t.Errorf("Execute(%q) = %d, want %d ignored", tt.commands, ignored, tt.wantIgnored)
			}
			if r.Pos != tt.wantPos || r.Facing != tt.wantFacing {
				t.Errorf("after Execute(%q): at %+v facing %v, want %+v facing %v", tt.commands, r.Pos, r.Facing, tt.wantPos, tt.wantFacing)
			}
			if got := r.Total(); got != tt.wantSteps {
				t.Errorf("after Execute(%q): Total() = %d, want %d", tt.commands, got, tt.wantSteps)
			}
		})
	}
}

func TestExecuteKeepsState(t *testing.T) {
	r := NewRobot("Rover")
	if r == nil {
		t.Fatal("NewRobot returned nil")
	}
	r.Execute("FR")
	r.Execute("FF")
	if r.Pos != (Point{2, 1}) || r.Facing != East || r.Total() != 3 {
		t.Errorf(`after Execute("FR") and Execute("FF"): at %+v facing %v with %d steps, want {X:2 Y:1} facing E with 3 steps`, r.Pos, r.Facing, r.Total())
	}
	if got := r.Odometer.Total(); got != 3 {
		t.Errorf("r.Odometer.Total() = %d, want 3: the embedded odometer must record the steps", got)
	}
}

func TestReport(t *testing.T) {
	tests := []struct {
		name, commands, want string
	}{
		{"Rover", "FFRFF?L", "Rover at (2, 2) facing N, 4 steps"},
		{"Spirit", "LLFF", "Spirit at (0, -2) facing S, 2 steps"},
		{"Zhu", "", "Zhu at (0, 0) facing N, 0 steps"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewRobot(tt.name)
			if r == nil {
				t.Fatal("NewRobot returned nil")
			}
			r.Execute(tt.commands)
			if got := r.Report(); got != tt.want {
				t.Errorf("after Execute(%q), Report() = %q, want %q", tt.commands, got, tt.want)
			}
		})
	}
}
