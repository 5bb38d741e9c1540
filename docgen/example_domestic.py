"""The example study at home (dalam negeri): a Bappeda studies e-budgeting at a city
government, as plain data (:func:`example_data`, what ``docgen example`` prints).

Names and numbers of people are invented; the rates follow the standard cost figures cited in
the budget lines' notes.
"""

from __future__ import annotations

from typing import Any

from docgen.example_realisation import domestic_realisation, file_key


def progress(day: str, value: str, status: str, note: str, *evidence: str) -> dict[str, Any]:
    """A progress update of an example follow-up item, recorded by the demo staff user at
    10.00 WIB of its day; each evidence file named (stored under the key of its name)."""
    return {"date": day, "value": value, "status": status, "note": note,
            "evidence": [{"file": file_key(name), "name": name} for name in evidence],
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
                     progress(f"{y + 1}-02-10", "40", "berjalan",
                              "Draf bab kondisi awal dan sasaran selesai"),
                     progress(f"{y + 1}-03-20", "75", "berjalan",
                              "Menunggu masukan BKAD atas tahapan integrasi"),
                 ]},
                {"id": "a1f0c002", "action": "Penyusunan rancangan Peraturan Bupati",
                 "owner": {"name": "Sekretariat Bappeda bersama Bagian Hukum"},
                 "due_date": f"{y + 1}-06-30",
                 "indicator": "Rancangan Perbup diajukan ke Bagian Hukum",
                 "unit": "rancangan", "baseline": "0", "target": "1", "aim_no": 2,
                 "lesson_no": 2, "status": "rencana",
                 "updates": [
                     progress(f"{y + 1}-04-14", "0", "berjalan",
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
                     progress(f"{y + 1}-01-20", "0", "berjalan",
                              "Rancangan keputusan dibahas bersama BKAD dan Diskominfo"),
                     progress(f"{y + 1}-02-24", "1", "selesai",
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
        "realisation": domestic_realisation(y),
    }
