// Goroutines on several threads, channels, a mutex, timers and files: the Go runtime under polyvm.
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			s := 0
			for j := 0; j < 1000000; j++ {
				s += j % (n + 1)
			}
			mu.Lock()
			total += s
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	ch := make(chan string, 3)
	go func() { ch <- "a"; ch <- "b"; ch <- "c"; close(ch) }()
	var parts []string
	for p := range ch {
		parts = append(parts, p)
	}
	sort.Strings(parts)
	time.Sleep(10 * time.Millisecond)
	m := map[string]int{"x": 1, "y": 2}
	fmt.Println("total", total, strings.Join(parts, ","), len(m), len(os.Args))
	f, _ := os.CreateTemp("", "gotest")
	f.WriteString("hello")
	f.Close()
	b, _ := os.ReadFile(f.Name())
	os.Remove(f.Name())
	fmt.Println(string(b))
}
