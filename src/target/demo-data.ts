/** Canned data of the demo API, serialized once at load time so serving it costs nothing. */
export const SERVICES_BODY = Buffer.from(JSON.stringify([
  { id: 'svc_haircut', name: 'Haircut', duration_minutes: 30, price: 25 },
  { id: 'svc_colour', name: 'Colour', duration_minutes: 90, price: 80 },
  { id: 'svc_massage', name: 'Massage', duration_minutes: 60, price: 55 },
  { id: 'svc_manicure', name: 'Manicure', duration_minutes: 45, price: 30 },
]));

export function bookingsOf(userId: string): unknown {
  return {
    user_id: userId,
    bookings: [
      { id: `bk_${userId}_1`, service_id: 'svc_haircut', starts_at: '2030-01-15T10:00:00Z', status: 'confirmed' },
      { id: `bk_${userId}_2`, service_id: 'svc_massage', starts_at: '2030-02-01T14:30:00Z', status: 'pending' },
    ],
  };
}

export const ANALYTICS_BODY = Buffer.from(JSON.stringify({
  period: 'last_30_days',
  bookings: 412,
  revenue: 18650,
  cancellation_rate: 0.06,
  top_service: 'svc_haircut',
}));

export const API_VERSION = '1.0.0';

export type LimiterHealth = 'memory' | 'redis' | 'unavailable';

const HEALTH_BODIES: Record<LimiterHealth, Buffer> = {
  memory: healthBody('memory'),
  redis: healthBody('redis'),
  unavailable: healthBody('unavailable'),
};

function healthBody(limiter: LimiterHealth): Buffer {
  return Buffer.from(JSON.stringify({
    status: limiter === 'unavailable' ? 'degraded' : 'healthy',
    services: { database_session: 'ok', rate_limiter: limiter },
    version: API_VERSION,
  }));
}

export function healthBodyFor(limiter: LimiterHealth): Buffer {
  return HEALTH_BODIES[limiter];
}
