export * from './netlink-socket';
