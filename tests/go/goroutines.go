// goroutines: Go's runtime on cowvisor's threads. Eight goroutines on
// up to four OS threads (clone with CLONE_THREAD, futexes, signals for
// preemption) compute, sleep and are waited for; a channel and a timer
// work. Its output is fixed: the same on the host.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)

func main() {
	runtime.GOMAXPROCS(4)
	var wg sync.WaitGroup
	results := make([]int, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			s := 0
			for j := 0; j < 20000*(n+1); j++ {
				s += j % 7
			}
			time.Sleep(10 * time.Millisecond)
			results[n] = s
		}(i)
	}
	wg.Wait()
	ch := make(chan int)
	go func() { ch <- 42 }()
	fmt.Println("results", results, "chan", <-ch, "pid", os.Getpid() > 0)
	<-time.NewTimer(20 * time.Millisecond).C
	fmt.Println("timer ok")
}
