"""A complete, realistic example study: a Bappeda studies e-budgeting at a city government.

Names and numbers of people are invented; the rates follow the standard cost figures cited in
the budget lines' notes.
"""

from __future__ import annotations

import hashlib
from typing import Any

from docgen.study import Study, load_study


def _key(name: str) -> str:
    digest = hashlib.sha256(name.encode()).hexdigest()
    return f"{digest[:2]}/{digest}"


def _update(day: str, value: str, status: str, note: str, *evidence: str) -> dict[str, Any]:
    """A progress update of an example follow-up item, recorded by the demo staff user at
    10.00 WIB of its day; each evidence file named (stored under the key of its name)."""
    return {"date": day, "value": value, "status": status, "note": note,
            "evidence": [{"file": _key(name), "name": name} for name in evidence],
            "recorded_by": "staf@contoh.go.id", "recorded_at": f"{day}T10:00:00+07:00"}


def example_data(fiscal_year: int = 2026) -> dict[str, Any]:
    """The example as plain data (what `docgen example` prints)."""
    y = fiscal_year
    return {
        "id": f"sb-{y}-e-budgeting-surabaya",
        "fiscal_year": y,
        "office": {
            "pemda": "PEMERINTAH KABUPATEN SLEMAN",
            "name": "BADAN PERENCANAAN PEMBANGUNAN DAERAH",
            "short_name": "Bappeda",
            "unit_code": "Bappeda",
            "address": "Jalan Parasamya Nomor 1, Beran, Tridadi",
            "phone": "(0274) 868800",
            "fax": "(0274) 868945",
            "email": "bappeda@slemankab.go.id",
            "website": "bappeda.slemankab.go.id",
            "postal_code": "55511",
            "city": "Sleman",
            "province": "DI Yogyakarta",
            "paper": "A4",
            "numbering_pattern": "{kode}/{urut}/{unit}/{tahun}",
            "region_head": "Bupati Sleman",
            "head": {
                "name": "Hendra Wicaksono", "title_front": "Ir.", "title_back": "M.T.",
                "nip": "19700512 199603 1 004", "golongan": "IV/c", "eselon": "II",
                "jabatan": "Kepala Badan Perencanaan Pembangunan Daerah Kabupaten Sleman",
                "acting": "definitif",
            },
            "ppk": {
                "name": "Sri Rahayu Lestari", "title_back": "S.E., M.Ak.",
                "nip": "19780823 200312 2 006", "golongan": "IV/a", "eselon": "III",
                "jabatan": "Sekretaris Badan Perencanaan Pembangunan Daerah selaku Pejabat "
                           "Pembuat Komitmen",
                "acting": "definitif",
            },
            "kepala_daerah": {"name": "Ahmad Suryanto", "title_front": "H.",
                              "title_back": "S.H., M.M.", "acting": "definitif"},
            "sekda": {"name": "Hari Sulistyo Nugroho", "title_front": "Drs.",
                      "title_back": "M.Si.", "nip": "19680415 199003 1 007",
                      "golongan": "IV/d", "eselon": "II", "jabatan": "Sekretaris Daerah",
                      "acting": "definitif"},
            "bendahara": {
                "name": "Agus Priyanto", "title_back": "A.Md.",
                "nip": "19850317 201001 1 012", "golongan": "III/b",
                "jabatan": "Bendahara Pengeluaran", "acting": "definitif",
            },
        },
        "goals": {
            "title": "Studi Banding Penerapan E-Budgeting dan Integrasi Perencanaan-Penganggaran",
            "topic": "financial_management",
            "background": (
                "Penyusunan anggaran di Kabupaten Sleman masih melalui banyak tahap manual "
                "antara dokumen perencanaan (Renja) dan penganggaran (RKA), sehingga sering "
                "terjadi selisih antara usulan program dan pagu yang ditetapkan. Pemerintah "
                "Kota Surabaya telah menerapkan e-budgeting yang terintegrasi dengan "
                "e-planning, e-project dan e-monitoring sejak lebih dari satu dasawarsa dan "
                "menjadi rujukan nasional.\n"
                "Studi banding ini diperlukan agar Bappeda memperoleh gambaran langsung "
                "tentang tata kelola, regulasi pendukung, dan tahapan penerapan sistem "
                "tersebut sebelum menyusun peta jalan integrasi perencanaan dan penganggaran "
                "di Kabupaten Sleman."
            ),
            "aims": [
                "Mempelajari alur integrasi e-planning dan e-budgeting dari usulan hingga "
                "penetapan APBD",
                "Mempelajari regulasi daerah dan pembagian peran antarperangkat daerah dalam "
                "pengelolaan sistem",
                "Mengidentifikasi kebutuhan infrastruktur, sumber daya manusia dan anggaran "
                "untuk penerapan di Kabupaten Sleman",
            ],
            "expected_results": [
                "Catatan praktik terbaik integrasi perencanaan dan penganggaran",
                "Rekomendasi tahapan penerapan e-budgeting di Kabupaten Sleman",
                "Rencana tindak lanjut yang terukur untuk Tahun Anggaran berikutnya",
            ],
            "legal_bases": [
                "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
                "Peraturan Pemerintah Nomor 12 Tahun 2019 tentang Pengelolaan Keuangan Daerah",
                "Peraturan Menteri Dalam Negeri Nomor 77 Tahun 2020 tentang Pedoman Teknis "
                "Pengelolaan Keuangan Daerah",
                f"Dokumen Pelaksanaan Anggaran (DPA) Badan Perencanaan Pembangunan Daerah "
                f"Kabupaten Sleman Tahun Anggaran {y}",
            ],
            "scope": "dalam_negeri",
        },
        "plan": {
            "start_date": f"{y}-12-14",
            "end_date": f"{y}-12-16",
            "departure_place": "Sleman",
            "transport": "Pesawat udara dan kendaraan darat",
            "agenda": [
                {"date": f"{y}-12-14", "start_time": "07:00", "end_time": "09:30", "zone": "WIB",
                 "activity": "Perjalanan Yogyakarta – Surabaya",
                 "place": "Bandara Internasional Yogyakarta", "pic": "Ketua Tim"},
                {"date": f"{y}-12-14", "start_time": "13:00", "end_time": "16:00", "zone": "WIB",
                 "activity": "Penerimaan tim dan paparan sistem e-budgeting Kota Surabaya",
                 "place": "Kantor BPKPD Kota Surabaya", "pic": "BPKPD Kota Surabaya"},
                {"date": f"{y}-12-15", "start_time": "09:00", "end_time": "12:00", "zone": "WIB",
                 "activity": "Diskusi teknis integrasi e-planning dan e-budgeting",
                 "place": "Bappedalitbang Kota Surabaya", "pic": "Bappedalitbang Kota Surabaya"},
                {"date": f"{y}-12-15", "start_time": "13:30", "end_time": "15:30", "zone": "WIB",
                 "activity": "Peninjauan ruang kendali (command center) pemantauan anggaran",
                 "place": "Gedung Siola, Surabaya", "pic": "Ketua Tim"},
                {"date": f"{y}-12-16", "start_time": "09:00", "end_time": "11:00", "zone": "WIB",
                 "activity": "Penutupan, penyerahan cendera mata, dan perjalanan kembali",
                 "place": "Kantor BPKPD Kota Surabaya", "pic": "Ketua Tim"},
            ],
            "team": [
                {"name": "Bambang Setiawan", "title_front": "Dr.", "title_back": "S.E., M.Si.",
                 "nip": "19750214 200003 1 002", "golongan": "IV/a", "eselon": "III",
                 "jabatan": "Kepala Bidang Perencanaan, Pengendalian dan Evaluasi Pembangunan "
                            "Daerah",
                 "role": "ketua", "cost_level": "C", "birth_date": "1975-02-14"},
                {"name": "Rina Kartikasari", "title_back": "S.E.",
                 "nip": "19860926 201505 2 001", "golongan": "III/c",
                 "jabatan": "Perencana Ahli Muda", "role": "anggota", "cost_level": "C",
                 "birth_date": "1986-09-26"},
                {"name": "Yoga Pratama", "title_back": "S.Kom.",
                 "nip": "19900704 201503 1 003", "golongan": "III/b",
                 "jabatan": "Pranata Komputer Ahli Pertama", "role": "anggota", "cost_level": "C",
                 "birth_date": "1990-07-04"},
                {"name": "Dewi Anggraini", "title_back": "S.A.P.",
                 "nip": "19920111 202012 2 005", "golongan": "III/a",
                 "jabatan": "Analis Anggaran", "role": "anggota", "cost_level": "C",
                 "birth_date": "1992-01-11"},
            ],
            "funding": {
                "source": f"APBD Kabupaten Sleman Tahun Anggaran {y}",
                "dpa_number": f"DPA/A.1/5.01.0.00.0.00.01.0000/001/{y}",
                "dpa_date": f"{y}-01-02",
                "program": "Program Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah",
                "kegiatan": "Koordinasi Perencanaan Pembangunan Daerah",
                "sub_kegiatan": "Koordinasi, Sinkronisasi dan Evaluasi Perencanaan dan "
                                "Penganggaran",
                "account_code": "5.1.02.04.01.0001",
                "account_name": "Belanja Perjalanan Dinas Biasa",
            },
            "budget": [
                {"component": "uang_harian", "description": "Uang harian luar kota Provinsi "
                 "Jawa Timur (4 orang × 3 hari)", "volume": 12, "unit": "OH",
                 "unit_price": 410000, "amount": 4920000, "realized": 4920000, "account_code": "5.1.02.04.01.0001"},
                {"component": "penginapan", "description": "Penginapan Eselon III/Golongan IV "
                 "(1 orang × 2 malam)", "volume": 2, "unit": "OM", "unit_price": 1234000,
                 "amount": 2468000, "realized": 2350000, "account_code": "5.1.02.04.01.0001"},
                {"component": "penginapan", "description": "Penginapan Golongan III "
                 "(3 orang × 2 malam)", "volume": 6, "unit": "OM", "unit_price": 814000,
                 "amount": 4884000, "realized": 4044200, "account_code": "5.1.02.04.01.0001"},
                {"component": "tiket", "description": "Tiket pesawat Yogyakarta – Surabaya "
                 "pergi pulang", "volume": 4, "unit": "orang", "unit_price": 2100000,
                 "amount": 8400000, "realized": 7986000, "account_code": "5.1.02.04.01.0001"},
                {"component": "transport_lokal", "description": "Transport dari/ke bandara di "
                 "tempat asal (4 orang × 2 kali)", "volume": 8, "unit": "kali",
                 "unit_price": 150000, "amount": 1200000, "realized": 1050000, "account_code": "5.1.02.04.01.0001"},
                {"component": "sewa_kendaraan", "description": "Sewa kendaraan di Surabaya",
                 "volume": 3, "unit": "hari", "unit_price": 850000, "amount": 2550000, "realized": 2550000,
                 "account_code": "5.1.02.04.01.0001"},
            ],
        },
        "destination": {
            "candidates": [
                {"institution": "Pemerintah Kota Surabaya", "region": "Jawa Timur",
                 "best_practice": "E-budgeting terintegrasi dengan e-planning dan e-monitoring",
                 "reason": "Sistem paling matang dan telah direplikasi banyak daerah",
                 "chosen": True},
                {"institution": "Pemerintah Kabupaten Banyuwangi", "region": "Jawa Timur",
                 "best_practice": "Perencanaan berbasis desa (smart kampung)",
                 "reason": "Fokus pada perencanaan desa, bukan penganggaran daerah",
                 "chosen": False},
                {"institution": "Pemerintah Provinsi DKI Jakarta", "region": "DKI Jakarta",
                 "best_practice": "Transparansi anggaran melalui portal publik",
                 "reason": "Skala dan struktur pemerintahan berbeda jauh dengan kabupaten",
                 "chosen": False},
            ],
            "destinations": [
                {"institution": "Badan Pengelolaan Keuangan dan Pajak Daerah Kota Surabaya",
                 "addressee": "Kepala Badan Pengelolaan Keuangan dan Pajak Daerah Kota Surabaya",
                 "address": "Jalan Jimerto Nomor 25–27", "city": "Surabaya",
                 "province": "Jawa Timur", "country": "Indonesia",
                 "visit_date": f"{y}-12-14"},
            ],
            "experts": [
                {"name": "Prof. Dr. Arif Budiman, M.Ec.Dev.",
                 "expertise": "Keuangan publik daerah",
                 "institution": "Fakultas Ekonomika dan Bisnis, Universitas Gadjah Mada",
                 "advice": "Pelajari tata kelola data dan regulasi pendukung, bukan hanya "
                           "aplikasinya."},
            ],
        },
        "coordination": {
            "contact": {"name": "Ratna Sari Dewi", "jabatan": "Kepala Subbagian Umum",
                        "phone": "031-5312144", "email": "umum.bpkpd@surabaya.go.id"},
            "requested_start": f"{y}-12-14",
            "requested_end": f"{y}-12-16",
            "request_date": f"{y}-11-23",
            "reply_number": f"000.1.2.3/2114/436.7.2/{y}",
            "reply_date": f"{y}-12-03",
            "reply_subject": "Kesediaan Menerima Kunjungan Studi Banding",
            "checklist": [
                {"item": "tickets", "status": "done", "date": f"{y}-12-05"},
                {"item": "lodging", "status": "done", "date": f"{y}-12-05"},
                {"item": "briefing", "status": "done", "date": f"{y}-12-10",
                 "note": "Pembagian pokok bahasan per anggota tim"},
            ],
        },
        "execution": {
            "log": [
                {"date": f"{y}-12-14", "activity": "Paparan sistem e-budgeting",
                 "place": "Kantor BPKPD Kota Surabaya",
                 "notes": "Diterima Sekretaris BPKPD beserta tim pengelola sistem"},
                {"date": f"{y}-12-15", "activity": "Diskusi teknis dan peninjauan command center",
                 "place": "Bappedalitbang Kota Surabaya dan Gedung Siola",
                 "notes": "Demonstrasi alur usulan hingga penetapan"},
            ],
            "findings": [
                {"topic": "Integrasi data",
                 "description": "Satu basis data kegiatan dipakai bersama oleh e-planning, "
                                "e-budgeting dan e-project, sehingga kode kegiatan tidak "
                                "diketik ulang."},
                {"topic": "Regulasi",
                 "description": "Penerapan didukung Peraturan Wali Kota tentang sistem "
                                "informasi perencanaan dan penganggaran berbasis elektronik."},
                {"topic": "Sumber daya manusia",
                 "description": "Tim pengelola tetap terdiri atas pranata komputer dan "
                                "perencana, dengan pelatihan berkala bagi operator perangkat "
                                "daerah."},
            ],
            "notes": [
                {"date": f"{y}-12-14", "start_time": "13:00", "end_time": "16:00",
                 "zone": "WIB", "place": "Ruang Rapat BPKPD Kota Surabaya", "city": "Surabaya",
                 "activity": "Paparan sistem e-budgeting Kota Surabaya",
                 "chair": "Sekretaris BPKPD Kota Surabaya",
                 "chair_name": "Drs. Eko Prasetyo, M.Si.", "chair_nip": "19720305 199803 1 006",
                 "participant_count": 9,
                 "host_participants": ["Sekretaris BPKPD Kota Surabaya",
                                       "Kepala Bidang Anggaran BPKPD Kota Surabaya",
                                       "Tim pengelola sistem e-budgeting"],
                 "topics": ["Gambaran umum e-budgeting Kota Surabaya",
                            "Regulasi dan kelembagaan pengelola sistem"],
                 "discussion": [
                     "E-budgeting dikembangkan sendiri oleh pemerintah kota dan terhubung "
                     "dengan e-planning melalui kode kegiatan yang sama.",
                     "Standar harga satuan dikunci di sistem sehingga usulan di atas standar "
                     "tidak dapat diajukan.",
                     "Pengelolaan sistem ditetapkan dengan Peraturan Wali Kota dan dijalankan "
                     "oleh tim tetap lintas perangkat daerah.",
                 ],
                 "agreements": ["BPKPD bersedia berbagi dokumen regulasi dan panduan "
                                "pengguna sebagai bahan kajian"],
                 "notetaker": "Rina Kartikasari, S.E."},
                {"date": f"{y}-12-15", "start_time": "09:00", "end_time": "12:00",
                 "zone": "WIB", "place": "Bappedalitbang Kota Surabaya", "city": "Surabaya",
                 "activity": "Diskusi teknis integrasi e-planning dan e-budgeting",
                 "chair": "Kepala Bidang Perencanaan Bappedalitbang Kota Surabaya",
                 "chair_name": "Ir. Wahyu Santoso, M.T.", "chair_nip": "19740811 200012 1 003",
                 "host_participants": ["Tim e-planning Bappedalitbang Kota Surabaya"],
                 "topics": ["Integrasi e-planning dan e-budgeting",
                            "Pemantauan realisasi anggaran"],
                 "discussion": [
                     "Usulan musrenbang masuk ke e-planning dan menjadi dasar pagu indikatif "
                     "di e-budgeting tanpa diketik ulang.",
                     "Ruang kendali memantau realisasi fisik dan keuangan setiap minggu.",
                 ],
                 "agreements": ["Tim Sleman akan mengirimkan daftar pertanyaan lanjutan "
                                "melalui surel"],
                 "notetaker": "Yoga Pratama, S.Kom."},
            ],
            "photos": [
                {"file": "contoh:contoh-foto-1.png", "date": f"{y}-12-14",
                 "caption": "Tim Bappeda Kabupaten Sleman diterima di BPKPD Kota Surabaya"},
                {"file": "contoh:contoh-foto-2.png", "date": f"{y}-12-14",
                 "caption": "Paparan sistem e-budgeting Kota Surabaya"},
                {"file": "contoh:contoh-foto-3.png", "date": f"{y}-12-15",
                 "caption": "Diskusi teknis integrasi e-planning dan e-budgeting"},
                {"file": "contoh:contoh-foto-4.png", "date": f"{y}-12-15",
                 "caption": "Peninjauan ruang kendali pemantauan anggaran"},
            ],
        },
        "evaluation": {
            "aim_results": [
                {"aim": "Alur integrasi e-planning dan e-budgeting",
                 "result": "Alur dan titik kendali terdokumentasi lengkap", "achieved": "tercapai"},
                {"aim": "Regulasi dan pembagian peran",
                 "result": "Salinan regulasi diperoleh; pembagian peran dipahami",
                 "achieved": "tercapai"},
                {"aim": "Kebutuhan infrastruktur, SDM dan anggaran",
                 "result": "Perkiraan kebutuhan awal tersusun; biaya lisensi perlu dikaji",
                 "achieved": "sebagian"},
            ],
            "lessons": [
                "Integrasi dimulai dari penyeragaman kode dan nomenklatur kegiatan",
                "Komitmen pimpinan daerah dan regulasi menjadi syarat utama keberhasilan",
            ],
            "recommendations": [
                "Menyusun peta jalan integrasi perencanaan dan penganggaran elektronik",
                "Menyiapkan rancangan Peraturan Bupati tentang sistem perencanaan dan "
                "penganggaran berbasis elektronik",
                "Membentuk tim teknis lintas perangkat daerah",
            ],
            # on 1 May of the next year: the team is set up on time (done), the road map is
            # overdue (due 31 March, 75 %), the Perbup under way
            "follow_up": [
                {"id": "a1f0c001",
                 "action": "Penyusunan peta jalan integrasi e-planning dan e-budgeting",
                 "owner": {"name": "Rina Kartikasari, S.E.", "nip": "19860926 201505 2 001",
                           "email": "staf@contoh.go.id"},
                 "due_date": f"{y + 1}-03-31",
                 "indicator": "Dokumen peta jalan ditetapkan Kepala Bappeda",
                 "unit": "%", "baseline": "0", "target": "100", "aim_no": 1, "lesson_no": 1,
                 "status": "rencana",
                 "updates": [
                     _update(f"{y + 1}-02-10", "40", "berjalan",
                             "Draf bab kondisi awal dan sasaran selesai"),
                     _update(f"{y + 1}-03-20", "75", "berjalan",
                             "Menunggu masukan BKAD atas tahapan integrasi"),
                 ]},
                {"id": "a1f0c002", "action": "Penyusunan rancangan Peraturan Bupati",
                 "owner": {"name": "Sekretariat Bappeda bersama Bagian Hukum"},
                 "due_date": f"{y + 1}-06-30",
                 "indicator": "Rancangan Perbup diajukan ke Bagian Hukum",
                 "unit": "rancangan", "baseline": "0", "target": "1", "aim_no": 2,
                 "lesson_no": 2, "status": "rencana",
                 "updates": [
                     _update(f"{y + 1}-04-14", "0", "berjalan",
                             "Naskah akademik sedang disusun"),
                 ]},
                {"id": "a1f0c003", "action": "Pembentukan tim teknis lintas perangkat daerah",
                 "owner": {"name": "Dr. Bambang Setiawan, S.E., M.Si.",
                           "nip": "19750214 200003 1 002"},
                 "due_date": f"{y + 1}-02-28",
                 "indicator": "Keputusan Kepala Bappeda tentang tim teknis terbit",
                 "unit": "keputusan", "baseline": "0", "target": "1", "aim_no": 1,
                 "status": "rencana",
                 "updates": [
                     _update(f"{y + 1}-01-20", "0", "berjalan",
                             "Rancangan keputusan dibahas bersama BKAD dan Diskominfo"),
                     _update(f"{y + 1}-02-24", "1", "selesai",
                             "Keputusan Kepala Bappeda ditetapkan",
                             "Keputusan Kepala Bappeda tentang Tim Teknis.pdf"),
                 ]},
            ],
        },
        "reporting": {
            "addressee": "Bupati Sleman",
            "report_date": f"{y}-12-21",
            "summary": (
                "Tim Bappeda Kabupaten Sleman telah melaksanakan studi banding ke Kota "
                "Surabaya dan memperoleh gambaran menyeluruh tentang penerapan e-budgeting "
                "yang terintegrasi dengan perencanaan."
            ),
            "conclusions": [
                "Integrasi perencanaan dan penganggaran elektronik layak diterapkan di "
                "Kabupaten Sleman secara bertahap",
                "Keberhasilan penerapan bergantung pada regulasi, penyeragaman data, dan tim "
                "pengelola yang tetap",
            ],
            "dissemination": [
                {"kind": "rapat", "title": "Diseminasi Hasil Studi Banding E-Budgeting",
                 "date": f"{y}-12-28", "start_time": "09:00", "end_time": "12:00",
                 "zone": "WIB", "place": "Ruang Rapat Bappeda Kabupaten Sleman",
                 "invitees": ["Kepala Badan Keuangan dan Aset Daerah Kabupaten Sleman",
                              "Kepala Dinas Komunikasi dan Informatika Kabupaten Sleman",
                              "Kepala Bagian Hukum Sekretariat Daerah Kabupaten Sleman"]},
            ],
        },
        "realisation": _realisation(y),
    }


def example_study(fiscal_year: int = 2026) -> Study:
    return load_study(example_data(fiscal_year))


def abroad_example_data(fiscal_year: int = 2027) -> dict[str, Any]:
    """The same office studying the Seoul smart-city data platform abroad (luar negeri).

    Host units, Korean officials, passport numbers and the embassy's letter number are
    invented; the office, its officials and the team are those of :func:`example_data`."""
    y = fiscal_year
    data = example_data(y)
    data["id"] = f"sb-{y}-data-terpadu-seoul"
    goals = data["goals"]
    goals.update(
        title="Studi Banding Tata Kelola Data Pembangunan Terpadu untuk Kota Cerdas",
        topic="public_service",
        scope="luar_negeri",
        background=(
            "Data pembangunan Kabupaten Sleman tersebar di banyak aplikasi perangkat daerah "
            "dengan kode dan definisi yang berbeda, sehingga perencanaan dan pemantauan "
            "pembangunan belum sepenuhnya berbasis bukti. Pemerintah Metropolitan Seoul "
            "mengelola platform data kota terpadu yang menghimpun data layanan, "
            "transportasi, lingkungan dan anggaran dari seluruh dinasnya dan menjadi rujukan "
            "internasional tata kelola data kota.\n"
            "Studi banding ini diperlukan agar Bappeda memperoleh gambaran langsung tentang "
            "kelembagaan, standar data dan pemanfaatan platform tersebut dalam perencanaan "
            "sebelum menyusun rancangan Satu Data Pembangunan Kabupaten Sleman."
        ),
        aims=[
            "Mempelajari tata kelola dan kelembagaan platform data kota terpadu",
            "Mempelajari pemanfaatan data terpadu dalam perencanaan dan pemantauan "
            "pembangunan",
            "Menyusun pokok-pokok rancangan Satu Data Pembangunan Kabupaten Sleman",
        ],
        expected_results=[
            "Catatan praktik terbaik kelembagaan dan standar data kota terpadu",
            "Pokok-pokok rancangan Satu Data Pembangunan Kabupaten Sleman",
            "Rencana tindak lanjut yang terukur untuk Tahun Anggaran berikutnya",
        ],
    )
    goals["legal_bases"] = goals["legal_bases"][:3] + [
        "Peraturan Presiden Nomor 39 Tahun 2019 tentang Satu Data Indonesia",
        "Peraturan Menteri Dalam Negeri Nomor 59 Tahun 2019 tentang Tata Cara Perjalanan ke "
        "Luar Negeri di Lingkungan Kementerian Dalam Negeri dan Pemerintahan Daerah",
        goals["legal_bases"][3],
    ]
    plan = data["plan"]
    plan.update(start_date=f"{y}-03-08", end_date=f"{y}-03-12", transport="Pesawat udara")
    plan["agenda"] = [
        {"date": f"{y}-03-08", "start_time": "22:30", "end_time": None, "zone": "WIB",
         "activity": "Perjalanan Jakarta – Seoul", "place": "Bandara Soekarno-Hatta",
         "pic": "Ketua Tim"},
        {"date": f"{y}-03-09", "start_time": "10:00", "end_time": "12:00", "zone": "setempat",
         "activity": "Koordinasi dan pengarahan di KBRI Seoul",
         "place": "Kedutaan Besar Republik Indonesia di Seoul", "pic": "KBRI Seoul"},
        {"date": f"{y}-03-10", "start_time": "09:30", "end_time": "12:30", "zone": "setempat",
         "activity": "Paparan dan diskusi tata kelola data kota",
         "place": "Seoul City Hall", "pic": "Urban Data Policy Division"},
        {"date": f"{y}-03-11", "start_time": "10:00", "end_time": "15:00", "zone": "setempat",
         "activity": "Kunjungan pusat data dan ruang kendali kota",
         "place": "Seoul Smart City Data Center", "pic": "Ketua Tim"},
        {"date": f"{y}-03-12", "start_time": "09:00", "end_time": None, "zone": "setempat",
         "activity": "Perjalanan kembali Seoul – Jakarta – Yogyakarta",
         "place": "Bandara Internasional Incheon", "pic": "Ketua Tim"},
    ]
    travel_papers = [("Sleman", "S2304117"), ("Kota Yogyakarta", "S2304118"),
                     ("Bantul", "S2304119"), ("Klaten", "S2304120")]
    for member, (born, passport) in zip(plan["team"], travel_papers, strict=True):
        member.update(birth_place=born, passport_number=passport, cost_level="D")
    plan["funding"]["source"] = f"APBD Kabupaten Sleman Tahun Anggaran {y}"
    plan["funding"]["account_code"] = "5.1.02.04.02.0001"
    plan["funding"]["account_name"] = "Belanja Perjalanan Dinas Biasa – Luar Negeri"
    account = "5.1.02.04.02.0001"
    plan["budget"] = [
        {"component": "uang_harian", "description": "Uang harian luar negeri Korea Selatan, "
         "termasuk penginapan (4 orang × 5 hari)", "volume": 20, "unit": "OH",
         "unit_price": 5600000, "amount": 112000000, "realized": 109760000,
         "account_code": account,
         "note": "Dibayar dalam rupiah dengan kurs pada saat pencairan"},
        {"component": "tiket", "description": "Tiket pesawat Yogyakarta – Seoul pergi pulang",
         "volume": 4, "unit": "orang", "unit_price": 14500000, "amount": 58000000,
         "realized": 55480000, "account_code": account},
        {"component": "paspor_visa", "description": "Visa kunjungan dinas Korea Selatan",
         "volume": 4, "unit": "orang", "unit_price": 1250000, "amount": 5000000,
         "realized": 4800000, "account_code": account},
        {"component": "asuransi", "description": "Asuransi perjalanan luar negeri",
         "volume": 4, "unit": "orang", "unit_price": 650000, "amount": 2600000,
         "realized": 2600000, "account_code": account},
    ]
    data["destination"]["destinations"] = [
        {"institution": "Seoul Metropolitan Government",
         "addressee": "Duta Besar Republik Indonesia untuk Republik Korea",
         "address": "Seoul City Hall, 110 Sejong-daero, Jung-gu",
         "letter_address": "KBRI Seoul, 380 Yeouidaebang-ro, Yeongdeungpo-gu",
         "city": "Seoul", "province": "", "country": "Korea Selatan",
         "visit_date": f"{y}-03-10"},
    ]
    data["destination"]["candidates"] = [
        {"institution": "Seoul Metropolitan Government", "region": "Seoul",
         "country": "Korea Selatan", "best_practice": "Platform data kota terpadu dan terbuka",
         "reason": "Rujukan internasional tata kelola data kota; pemerintahan daerah dengan "
                   "dinas-dinas seperti kabupaten", "chosen": True},
        {"institution": "Smart Nation and Digital Government Office", "region": "Singapura",
         "country": "Singapura", "best_practice": "Data pemerintah terpadu tingkat nasional",
         "reason": "Skala negara-kota kurang sebanding dengan kabupaten", "chosen": False},
    ]
    data["destination"]["experts"] = [
        {"name": "Dr. Ratih Puspitasari, M.Sc.", "expertise": "Tata kelola data pemerintah",
         "institution": "Departemen Teknik Elektro dan Teknologi Informasi, Universitas "
                        "Gadjah Mada",
         "advice": "Pelajari kelembagaan dan standar data sebelum teknologinya; platform "
                   "hanya berhasil bila ada wali data yang jelas."},
    ]
    data["coordination"].update(
        contact={"name": "Andi Pratama Putra", "jabatan": "Sekretaris Pertama Fungsi Ekonomi "
                 "KBRI Seoul", "phone": "+82-2-783-5675", "email": "seoul.kbri@kemlu.go.id"},
        requested_start=f"{y}-03-09", requested_end=f"{y}-03-11",
        request_date=f"{y}-01-11",
        reply_kind="konfirmasi_kbri", reply_number=f"B-00215/Seoul/II/{y}",
        reply_date=f"{y}-02-05",
        reply_subject="Konfirmasi Jadwal Kunjungan ke Seoul Metropolitan Government",
        permit_number=f"100.3.6/1187/SJ/{y}", permit_date=f"{y}-02-19",
        checklist=[
            {"item": "passport", "status": "done", "date": f"{y}-01-20",
             "note": "Paspor dinas seluruh anggota tim"},
            {"item": "visa", "status": "done", "date": f"{y}-02-24"},
            {"item": "travel_permit", "status": "done", "date": f"{y}-02-19",
             "note": "Izin Menteri Dalam Negeri melalui Gubernur DI Yogyakarta"},
            {"item": "tickets", "status": "done", "date": f"{y}-02-25"},
            {"item": "lodging", "status": "done", "date": f"{y}-02-25"},
            {"item": "briefing", "status": "done", "date": f"{y}-03-04",
             "note": "Pembagian pokok bahasan per anggota tim"},
        ],
    )
    data["execution"] = {
        "log": [
            {"date": f"{y}-03-09", "activity": "Koordinasi dan pengarahan",
             "place": "KBRI Seoul",
             "notes": "Pengarahan tentang tata cara kunjungan dan pendampingan oleh Fungsi "
                      "Ekonomi KBRI Seoul"},
            {"date": f"{y}-03-10", "activity": "Paparan tata kelola data kota",
             "place": "Seoul City Hall",
             "notes": "Diterima Director, Urban Data Policy Division"},
            {"date": f"{y}-03-11", "activity": "Kunjungan pusat data dan ruang kendali",
             "place": "Seoul Smart City Data Center",
             "notes": "Demonstrasi dasbor pimpinan dan alur berbagi data antardinas"},
        ],
        "findings": [
            {"topic": "Kelembagaan data kota",
             "description": "Satu divisi kebijakan data menetapkan standar data, katalog data "
                            "dan aturan berbagi data yang wajib diikuti seluruh dinas; setiap "
                            "dinas menunjuk wali data."},
            {"topic": "Platform data terpadu",
             "description": "Data layanan, transportasi, lingkungan dan anggaran dari sistem "
                            "seluruh dinas dihimpun ke satu platform dengan kamus data "
                            "bersama, sehingga dasbor pimpinan diperbarui setiap hari."},
            {"topic": "Keterbukaan dan pelindungan data",
             "description": "Data tanpa unsur pribadi dibuka melalui portal data terbuka "
                            "kota; data pribadi hanya diolah dalam bentuk anonim."},
            {"topic": "Pemanfaatan dalam perencanaan",
             "description": "Usulan program dinas dilengkapi indikator dari platform data, dan "
                            "capaiannya dipantau melalui dasbor yang sama dalam rapat pimpinan "
                            "bulanan."},
        ],
        "notes": [
            {"date": f"{y}-03-10", "start_time": "09:30", "end_time": "12:30",
             "zone": "setempat", "city": "Seoul",
             "place": "Seoul City Hall",
             "activity": "Paparan dan diskusi tata kelola data kota",
             "chair": "Director, Urban Data Policy Division",
             "chair_name": "Kim Min-jun",
             "host_participants": ["Kim Min-jun, Director, Urban Data Policy Division",
                                   "Park Ji-young, Head of Data Standards Team",
                                   "Andi Pratama Putra, KBRI Seoul (pendamping)"],
             "topics": ["Kelembagaan pengelola data kota",
                        "Standar data dan katalog data bersama"],
             "discussion": [
                 "Urban Data Policy Division menetapkan standar data dan katalog data yang "
                 "wajib dipakai seluruh dinas; setiap dinas menunjuk wali data.",
                 "Data baru masuk ke platform setelah diperiksa kesesuaiannya dengan kamus data "
                 "bersama.",
                 "Data tanpa unsur pribadi dibuka di portal data terbuka kota paling lambat "
                 "satu bulan setelah dihimpun.",
             ],
             "agreements": ["Materi paparan dan contoh kamus data dikirimkan melalui KBRI "
                            "Seoul",
                            "Tim Bappeda menyusun daftar pertanyaan lanjutan tentang standar "
                            "data"],
             "notetaker": "Rina Kartikasari, S.E."},
            {"date": f"{y}-03-11", "start_time": "10:00", "end_time": "15:00",
             "zone": "setempat", "city": "Seoul",
             "place": "Seoul Smart City Data Center",
             "activity": "Kunjungan pusat data dan ruang kendali kota",
             "chair": "Head, Data Platform Operations Team",
             "chair_name": "Lee Seung-ho",
             "host_participants": ["Lee Seung-ho, Head, Data Platform Operations Team",
                                   "Choi Eun-ji, Senior Data Engineer"],
             "topics": ["Arsitektur platform data terpadu",
                        "Dasbor pimpinan dan pemantauan pembangunan"],
             "discussion": [
                 "Platform menghimpun data dari sistem dinas melalui antarmuka yang seragam, "
                 "tanpa mengganti aplikasi dinas yang sudah berjalan.",
                 "Dasbor pimpinan memadukan indikator layanan, lalu lintas dan realisasi "
                 "anggaran untuk rapat pimpinan bulanan.",
             ],
             "agreements": ["Tim Bappeda menyusun pokok-pokok Satu Data Pembangunan Sleman "
                            "dengan mengacu pada kamus data bersama"],
             "notetaker": "Yoga Pratama, S.Kom."},
        ],
        "photos": [
            {"file": "contoh:contoh-foto-1.png", "date": f"{y}-03-09",
             "caption": "Koordinasi tim dengan Fungsi Ekonomi KBRI Seoul"},
            {"file": "contoh:contoh-foto-2.png", "date": f"{y}-03-10",
             "caption": "Paparan tata kelola data kota oleh Urban Data Policy Division"},
            {"file": "contoh:contoh-foto-3.png", "date": f"{y}-03-10",
             "caption": "Diskusi standar data dan katalog data bersama"},
            {"file": "contoh:contoh-foto-4.png", "date": f"{y}-03-11",
             "caption": "Peninjauan ruang kendali Seoul Smart City Data Center"},
        ],
    }
    data["evaluation"] = {
        "aim_results": [
            {"aim": "Tata kelola dan kelembagaan platform data kota",
             "result": "Peran divisi kebijakan data dan wali data per dinas terdokumentasi",
             "achieved": "tercapai"},
            {"aim": "Pemanfaatan data dalam perencanaan dan pemantauan",
             "result": "Alur indikator dari platform ke usulan program dan dasbor dipahami",
             "achieved": "tercapai"},
            {"aim": "Pokok-pokok rancangan Satu Data Pembangunan Sleman",
             "result": "Kerangka awal tersusun; kebutuhan infrastruktur perlu dikaji",
             "achieved": "sebagian"},
        ],
        "lessons": [
            "Platform data terpadu dimulai dari standar data dan wali data, bukan dari "
            "aplikasi",
            "Kamus data bersama memungkinkan data antarperangkat daerah dipadukan tanpa "
            "mengganti aplikasi yang ada",
            "Dasbor yang dipakai dalam rapat pimpinan mendorong perangkat daerah menjaga "
            "mutu datanya",
        ],
        "recommendations": [
            "Menetapkan forum Satu Data Pembangunan dengan wali data di setiap perangkat "
            "daerah",
            "Menyusun kamus data pembangunan bersama Dinas Komunikasi dan Informatika",
            "Menyiapkan dasbor indikator pembangunan untuk rapat pimpinan",
        ],
        # on 15 October: wali data set on time (done), the data dictionary overdue (due
        # 30 September, 60 %), the dashboard under way
        "follow_up": [
            {"id": "b2e0d001", "action": "Penetapan wali data di setiap perangkat daerah",
             "owner": {"name": "Rina Kartikasari, S.E.", "nip": "19860926 201505 2 001",
                       "email": "staf@contoh.go.id"},
             "due_date": f"{y}-06-30",
             "indicator": "Perangkat daerah yang memiliki wali data yang ditetapkan",
             "unit": "perangkat daerah", "baseline": "4", "target": "30", "aim_no": 1,
             "lesson_no": 1, "status": "rencana",
             "updates": [
                 _update(f"{y}-05-12", "18", "berjalan", "Usulan wali data dari 18 perangkat "
                         "daerah diterima"),
                 _update(f"{y}-06-26", "30", "selesai", "Keputusan Kepala Bappeda tentang "
                         "wali data ditetapkan", "Keputusan wali data.pdf"),
             ]},
            {"id": "b2e0d002", "action": "Penyusunan kamus data pembangunan",
             "owner": {"name": "Bappeda bersama Dinas Komunikasi dan Informatika"},
             "due_date": f"{y}-09-30",
             "indicator": "Indikator RPJMD dan Renstra perangkat daerah yang masuk kamus data",
             "unit": "%", "baseline": "0", "target": "100", "aim_no": 2, "lesson_no": 2,
             "status": "rencana",
             "updates": [
                 _update(f"{y}-07-15", "35", "berjalan", "Indikator RPJMD selesai dipetakan"),
                 _update(f"{y}-09-10", "60", "berjalan", "Renstra 18 perangkat daerah masuk",
                         "Rekap kamus data.xlsx"),
             ]},
            {"id": "b2e0d003", "action": "Uji coba dasbor indikator pembangunan",
             "owner": {"name": "Sekretariat Bappeda"}, "due_date": f"{y}-12-15",
             "indicator": "Rapat pimpinan yang memakai dasbor", "unit": "rapat",
             "baseline": "0", "target": "1", "aim_no": 3, "status": "rencana",
             "updates": [
                 _update(f"{y}-08-03", "0", "berjalan", "Purwarupa dasbor disiapkan"),
             ]},
        ],
    }
    data["reporting"] = {
        "addressee": "Bupati Sleman",
        "report_date": f"{y}-03-19",
        "summary": (
            "Tim Bappeda Kabupaten Sleman telah melaksanakan studi banding ke Pemerintah "
            "Metropolitan Seoul dan memperoleh gambaran menyeluruh tentang kelembagaan, "
            "standar data dan pemanfaatan platform data kota terpadu."
        ),
        "conclusions": [
            "Satu Data Pembangunan layak diterapkan di Kabupaten Sleman secara bertahap, "
            "dimulai dari standar data dan wali data",
            "Keberhasilan bergantung pada kamus data bersama, forum data yang tetap, dan "
            "pemakaian data dalam rapat pimpinan",
        ],
        "dissemination": [
            {"kind": "rapat",
             "title": "Diseminasi Hasil Studi Banding Tata Kelola Data Pembangunan Terpadu",
             "date": f"{y}-03-26", "start_time": "09:00", "end_time": "12:00", "zone": "WIB",
             "place": "Ruang Rapat Bappeda Kabupaten Sleman",
             "invitees": ["Kepala Dinas Komunikasi dan Informatika Kabupaten Sleman",
                          "Kepala Badan Keuangan dan Aset Daerah Kabupaten Sleman",
                          "Kepala Badan Pusat Statistik Kabupaten Sleman"]},
        ],
    }
    data["realisation"] = _abroad_realisation(y)
    return data


def abroad_example_study(fiscal_year: int = 2027) -> Study:
    return load_study(abroad_example_data(fiscal_year))


def _bukti(name: str, kind: str = "kuitansi") -> dict[str, str]:
    """An example receipt, stored under the key of its name (no file is shipped)."""
    return {"file": _key(name), "name": name, "kind": kind}


def _realisation(y: int) -> dict[str, Any]:
    """What the four travellers spent in Surabaya, line by line: the budget lines'
    ``realized`` are their sums per component. Dewi spent one night with family (no hotel
    receipt: 30% of the eselon IV/golongan III lodging cap of Jawa Timur, Rp814.000, as a
    lump sum); Rina's advance was more than she spent (sisa lebih Rp503.500), Dewi's less."""
    def harian() -> dict[str, Any]:
        return {"component": "uang_harian", "description": "Uang harian luar kota Provinsi "
                "Jawa Timur", "quantity": 3, "unit": "hari", "unit_price": 410000}

    def tiket(who: str) -> dict[str, Any]:
        return {"component": "transport", "description": "Tiket pesawat Yogyakarta – "
                "Surabaya pergi pulang", "quantity": 1, "unit": "PP", "unit_price": 1996500,
                "evidence": [_bukti(f"e-tiket-{who}.pdf", "tiket"),
                             _bukti(f"boarding-pass-{who}.pdf", "boarding_pass")]}

    def hotel(who: str, nights: int, rate: int) -> dict[str, Any]:
        return {"component": "penginapan", "description": "Hotel di Surabaya",
                "quantity": nights, "unit": "malam", "unit_price": rate,
                "evidence": [_bukti(f"tagihan-hotel-{who}.pdf", "invoice")]}

    def taksi(who: str, price: int, riil: bool) -> dict[str, Any]:
        line: dict[str, Any] = {
            "component": "transport", "description": "Taksi dari/ke Bandara Internasional "
            "Yogyakarta", "quantity": 2, "unit": "kali", "unit_price": price}
        if riil:
            line.update(pengeluaran_riil=True, riil_statement="Taksi dari rumah ke bandara "
                        "dan kembali; pengemudi tidak memberikan kuitansi")
        else:
            line["evidence"] = [_bukti(f"kuitansi-taksi-{who}.jpg")]
        return line

    return {"travellers": [
        {"traveller": 0, "advance": 8426500, "advance_date": f"{y}-12-10", "lines": [
            harian(), hotel("bambang", 2, 1175000), tiket("bambang"),
            taksi("bambang", 150000, True),
            {"component": "transport", "description": "Sewa kendaraan di Surabaya untuk tim",
             "quantity": 3, "unit": "hari", "unit_price": 850000,
             "evidence": [_bukti("kuitansi-sewa-kendaraan.pdf")]}]},
        {"traveller": 1, "advance": 5500000, "advance_date": f"{y}-12-10", "lines": [
            harian(), hotel("rina", 2, 760000), tiket("rina"), taksi("rina", 125000, False)]},
        {"traveller": 2, "lines": [
            harian(), hotel("yoga", 2, 760000), tiket("yoga"), taksi("yoga", 125000, True)]},
        {"traveller": 3, "advance": 4000000, "advance_date": f"{y}-12-10", "lines": [
            harian(), hotel("dewi", 1, 760000),
            {"component": "penginapan", "description": "Menginap di rumah keluarga, tanpa "
             "bukti hotel (30% tarif hotel, lumsum)", "quantity": 1, "unit": "malam",
             "unit_price": 244200, "lump_sum": True},
            tiket("dewi"), taksi("dewi", 125000, False)]},
    ]}


def _abroad_realisation(y: int) -> dict[str, Any]:
    """What the team spent on the Seoul trip: uang harian in US dollars (USD 343 a day,
    converted at Rp16.000 on 5 March), tickets, visa and insurance in rupiah. The leader's
    advance was more than he spent (sisa lebih Rp1.840.000)."""
    lines = []
    for who in ("bambang", "rina", "yoga", "dewi"):
        lines.append([
            {"component": "uang_harian", "description": "Uang harian luar negeri Korea "
             "Selatan (termasuk penginapan)", "quantity": 5, "unit": "hari",
             "currency": "USD", "unit_price": 343, "exchange_rate": 16000,
             "exchange_date": f"{y}-03-05"},
            {"component": "transport", "description": "Tiket pesawat Yogyakarta – Seoul "
             "pergi pulang", "quantity": 1, "unit": "PP", "unit_price": 13870000,
             "evidence": [_bukti(f"e-tiket-seoul-{who}.pdf", "tiket"),
                          _bukti(f"boarding-pass-seoul-{who}.pdf", "boarding_pass")]},
            {"component": "lain_lain", "description": "Visa kunjungan dinas Korea Selatan",
             "quantity": 1, "unit": "orang", "unit_price": 1200000,
             "evidence": [_bukti(f"kuitansi-visa-{who}.pdf")]},
            {"component": "lain_lain", "description": "Asuransi perjalanan luar negeri",
             "quantity": 1, "unit": "orang", "unit_price": 650000,
             "evidence": [_bukti(f"polis-asuransi-{who}.pdf", "lainnya")]},
        ])
    travellers: list[dict[str, Any]] = [{"traveller": i, "lines": rows}
                                        for i, rows in enumerate(lines)]
    travellers[0].update(advance=45000000, advance_date=f"{y}-03-02")
    return {"travellers": travellers}
