import { describe, expect, it } from 'vitest';
import { SaveTracker } from './saveTracker.js';

describe('SaveTracker', () => {
  it('is saved only once the server has acked every message sent on the connection', () => {
    const tracker = new SaveTracker();
    tracker.connectionOpened();
    tracker.syncStep2Sent();
    expect(tracker.state).toBe('saving');
    tracker.messageSent();
    tracker.messageSent();
    expect(tracker.counts).toEqual({ sent: 3, acked: 0, pendingOffline: false });
    tracker.ackReceived(2);
    expect(tracker.state).toBe('saving');
    tracker.ackReceived(3);
    expect(tracker.state).toBe('saved');
  });

  it('keeps offline changes unsaved until the next connection’s sync step 2 is acked', () => {
    const tracker = new SaveTracker();
    tracker.changedWhileOffline();
    expect(tracker.state).toBe('unsaved');
    tracker.connectionOpened();
    expect(tracker.state).toBe('unsaved');
    tracker.syncStep2Sent();
    expect(tracker.state).toBe('saving');
    tracker.ackReceived(1);
    expect(tracker.state).toBe('saved');
  });

  it('counts restart with each connection', () => {
    const tracker = new SaveTracker();
    tracker.connectionOpened();
    tracker.syncStep2Sent();
    tracker.messageSent();
    tracker.ackReceived(2);
    tracker.connectionOpened();
    expect(tracker.counts).toEqual({ sent: 0, acked: 0, pendingOffline: false });
    tracker.syncStep2Sent();
    expect(() => tracker.ackReceived(2)).toThrow(/exceeds the 1 messages/);
  });

  it('treats what a dropped connection left unacked as pending again', () => {
    const tracker = new SaveTracker();
    tracker.connectionOpened();
    tracker.syncStep2Sent();
    tracker.messageSent();
    tracker.ackReceived(1);
    tracker.connectionClosed();
    expect(tracker.state).toBe('unsaved');
    tracker.connectionOpened();
    tracker.syncStep2Sent();
    tracker.ackReceived(1);
    expect(tracker.state).toBe('saved');
  });

  it('a connection that closes fully acked leaves nothing pending', () => {
    const tracker = new SaveTracker();
    tracker.connectionOpened();
    tracker.syncStep2Sent();
    tracker.ackReceived(1);
    tracker.connectionClosed();
    expect(tracker.state).toBe('saved');
  });

  it('rejects acks that go backwards or are not counts', () => {
    const tracker = new SaveTracker();
    tracker.connectionOpened();
    tracker.syncStep2Sent();
    tracker.messageSent();
    tracker.ackReceived(2);
    expect(() => tracker.ackReceived(1)).toThrow(/went backwards from 2 to 1/);
    expect(() => tracker.ackReceived(-1)).toThrow(/non-negative integer/);
    expect(() => tracker.ackReceived(1.5)).toThrow(/non-negative integer/);
    expect(tracker.state).toBe('saved');
  });
});
