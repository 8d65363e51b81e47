package org.sockstap.core.internal;

/**
 * Starts the threads of a server's connections and counts the ones running, so a closed server
 * can prove it left nothing behind.
 */
public interface TaskStarter {

  /**
   * Starts a task on a new thread of the server's factory.
   *
   * @param name the thread's name
   * @param task what to run
   * @return the started thread
   */
  Thread start(String name, Runnable task);
}
