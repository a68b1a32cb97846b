// Go's runtime signal handling: os/signal delivery and asynchronous preemption by SIGURG.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"
)

func main() {
	received := make(chan os.Signal, 1)
	signal.Notify(received, syscall.SIGUSR1)
	syscall.Kill(os.Getpid(), syscall.SIGUSR1)
	select {
	case s := <-received:
		fmt.Println("got", s)
	case <-time.After(5 * time.Second):
		fmt.Println("no signal")
	}

	// With one P, a busy goroutine must be preempted (asynchronously, by SIGURG) so main can run.
	runtime.GOMAXPROCS(1)
	done := make(chan bool)
	go func() {
		x := 0
		for i := 0; i < 30000000; i++ {
			x += i
		}
		done <- x > 0
	}()
	time.Sleep(time.Millisecond)
	fmt.Println("main ran while busy")
	fmt.Println("busy finished", <-done)
}
